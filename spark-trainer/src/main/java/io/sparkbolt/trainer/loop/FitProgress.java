package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.checkpoint.CheckpointState;
import io.sparkbolt.trainer.metrics.MetricCollector;

/**
 * Where a fit stands: the resumable counters of the loops, kept apart from the loops so a
 * checkpoint can save and restore them. Besides the counters it holds what a checkpoint taken
 * inside an epoch needs to carry on exactly: the epoch's metric accumulators and what the epoch
 * loop had still to do after the last round (a due validation, the end of the epoch).
 */
public final class FitProgress {
    private int epoch;
    private long globalStep;
    private long batchInEpoch;
    private long totalBatches;
    private long examplesSeen;
    private long epochBatches = -1;
    private MetricCollector epochMetrics = new MetricCollector();
    private EpochPhase phase = EpochPhase.BETWEEN_EPOCHS;

    public int epoch() {
        return epoch;
    }

    public long globalStep() {
        return globalStep;
    }

    /** Training batches run so far in the current epoch. */
    public long batchInEpoch() {
        return batchInEpoch;
    }

    /** Training batches run so far in the whole fit. */
    public long totalBatches() {
        return totalBatches;
    }

    public long examplesSeen() {
        return examplesSeen;
    }

    /** Training batches the current epoch will run after limits, or -1 when unknown. */
    public long epochBatches() {
        return epochBatches;
    }

    /** Whether the fit has made progress already (a restored checkpoint, or an earlier fit on the same Trainer). */
    public boolean started() {
        return globalStep > 0 || epoch > 0 || batchInEpoch > 0;
    }

    void setEpochBatches(long value) {
        epochBatches = value;
    }

    /**
     * Starts an epoch, or, right after a mid-epoch restore, carries on with the restored one.
     *
     * @return whether it carries on a restored epoch (whose last round's tail is still to do)
     */
    boolean startEpoch() {
        if (phase != EpochPhase.BETWEEN_EPOCHS) {
            return true;
        }
        batchInEpoch = 0;
        epochMetrics = new MetricCollector();
        phase = EpochPhase.TRAINING;
        return false;
    }

    void addRound(int batches, int steps, long examples) {
        batchInEpoch += batches;
        totalBatches += batches;
        globalStep += steps;
        examplesSeen += examples;
    }

    /** What the epoch loop has left to do after the round just run; saved so a restore does it. */
    void setRoundTail(boolean validationDue, boolean batchesDone) {
        phase = EpochPhase.afterRound(validationDue, batchesDone);
    }

    /** Marks the due validation as run (once its metrics are published). */
    void validationRan() {
        phase = phase.validationRan();
    }

    EpochPhase phase() {
        return phase;
    }

    /** The epoch's metric accumulators (per-epoch values logged so far this epoch). */
    MetricCollector epochMetrics() {
        return epochMetrics;
    }

    /** The epoch's end hooks are running; {@code batchesDone}: its batches all ran (not cut short by a stop). */
    void endingEpoch(boolean batchesDone) {
        phase = EpochPhase.ending(batchesDone);
    }

    /**
     * Whether the current epoch has run all its batches and its validation and is in its end
     * hooks: a checkpoint taken now resumes at the start of the next epoch.
     */
    public boolean atEpochEnd() {
        return phase == EpochPhase.ENDING;
    }

    void finishEpoch() {
        epoch++;
        batchInEpoch = 0;
        epochMetrics = new MetricCollector();
        phase = EpochPhase.BETWEEN_EPOCHS;
    }

    /**
     * The counters, for a checkpoint. Taken in an epoch's end hooks after all its batches
     * ({@link #atEpochEnd()}), a restore starts the next epoch; taken anywhere else, it carries on
     * inside this one. {@code roundBatches}: training batches per round (for the informative round number).
     */
    public CheckpointState.Loops state(int roundBatches) {
        if (atEpochEnd()) {
            return new CheckpointState.Loops(epoch, globalStep, batchInEpoch, totalBatches, examplesSeen, true, null, null, null, 0);
        }
        return new CheckpointState.Loops(epoch, globalStep, batchInEpoch, totalBatches, examplesSeen, false,
                phase.validationPending(), phase.batchesDone(), epochMetrics.state(), batchInEpoch / Math.max(1, roundBatches));
    }

    /** Restores what {@link #state(int)} saved; the next fit continues from there. */
    public void load(CheckpointState.Loops state) {
        epoch = (int) state.nextEpoch();
        globalStep = state.globalStep();
        totalBatches = state.totalBatches();
        examplesSeen = state.examplesSeen();
        if (state.epochEnded()) {
            batchInEpoch = 0;
            epochMetrics = new MetricCollector();
            phase = EpochPhase.BETWEEN_EPOCHS;
        } else {
            batchInEpoch = state.batchInEpoch();
            epochMetrics = state.epochMetrics() == null ? new MetricCollector() : MetricCollector.fromState(state.epochMetrics());
            phase = EpochPhase.afterRound(Boolean.TRUE.equals(state.validationPending()), Boolean.TRUE.equals(state.epochDone()));
        }
    }
}

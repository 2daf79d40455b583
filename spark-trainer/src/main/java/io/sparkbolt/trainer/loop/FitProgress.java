package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.checkpoint.StateValues;
import io.sparkbolt.trainer.metrics.MetricCollector;
import java.util.LinkedHashMap;
import java.util.Map;

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
    private boolean validationPending;
    private boolean epochDone;
    private boolean resumingMidEpoch;
    private boolean epochEnding;

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

    /** Starts an epoch, or, right after a mid-epoch restore, carries on with the restored one. */
    void startEpoch() {
        epochEnding = false;
        if (resumingMidEpoch) {
            return;
        }
        batchInEpoch = 0;
        epochMetrics = new MetricCollector();
        validationPending = false;
        epochDone = false;
    }

    /** Whether the epoch loop is picking up an epoch a checkpoint was taken in; true once. */
    boolean takeMidEpochResume() {
        boolean value = resumingMidEpoch;
        resumingMidEpoch = false;
        return value;
    }

    void addRound(int batches, int steps, long examples) {
        batchInEpoch += batches;
        totalBatches += batches;
        globalStep += steps;
        examplesSeen += examples;
    }

    /** What the epoch loop has left to do after the round just run; saved so a restore does it. */
    void setRoundTail(boolean validationDue, boolean done) {
        validationPending = validationDue;
        epochDone = done;
    }

    /** Marks the due validation as run (once its metrics are published). */
    void validationRan() {
        validationPending = false;
    }

    boolean validationPending() {
        return validationPending;
    }

    boolean epochDone() {
        return epochDone;
    }

    /** The epoch's metric accumulators (per-epoch values logged so far this epoch). */
    MetricCollector epochMetrics() {
        return epochMetrics;
    }

    /** The epoch's end hooks are running; {@code done}: its batches all ran (not cut short by a stop). */
    void endingEpoch(boolean done) {
        epochEnding = true;
        epochDone = done;
    }

    /**
     * Whether the current epoch has run all its batches and its validation and is in its end
     * hooks: a checkpoint taken now resumes at the start of the next epoch.
     */
    public boolean atEpochEnd() {
        return epochEnding && epochDone;
    }

    void finishEpoch() {
        epochEnding = false;
        epoch++;
        batchInEpoch = 0;
        epochMetrics = new MetricCollector();
        validationPending = false;
        epochDone = false;
    }

    /**
     * The counters as plain values. {@code epochEnded} marks a checkpoint taken at the end of an
     * epoch (its training and validation done): a restore starts the next epoch.
     */
    public Map<String, Object> state(boolean epochEnded) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("epoch", epoch);
        state.put("globalStep", globalStep);
        state.put("batchInEpoch", batchInEpoch);
        state.put("totalBatches", totalBatches);
        state.put("examplesSeen", examplesSeen);
        state.put("epochEnded", epochEnded);
        if (!epochEnded) {
            state.put("validationPending", validationPending);
            state.put("epochDone", epochDone);
            state.put("epochMetrics", epochMetrics.state());
        }
        return state;
    }

    /** Restores what {@link #state(boolean)} saved; the next fit continues from there. */
    public void load(Map<String, Object> state) {
        boolean epochEnded = Boolean.TRUE.equals(state.get("epochEnded"));
        epoch = (int) StateValues.longValue(state, "epoch", 0) + (epochEnded ? 1 : 0);
        globalStep = StateValues.longValue(state, "globalStep", 0);
        totalBatches = StateValues.longValue(state, "totalBatches", 0);
        examplesSeen = StateValues.longValue(state, "examplesSeen", 0);
        if (epochEnded) {
            batchInEpoch = 0;
            epochMetrics = new MetricCollector();
            validationPending = false;
            epochDone = false;
            resumingMidEpoch = false;
        } else {
            batchInEpoch = StateValues.longValue(state, "batchInEpoch", 0);
            epochMetrics = MetricCollector.fromState(StateValues.map(state, "epochMetrics"));
            validationPending = Boolean.TRUE.equals(state.get("validationPending"));
            epochDone = Boolean.TRUE.equals(state.get("epochDone"));
            resumingMidEpoch = true;
        }
    }
}

package io.sparkbolt.trainer.loop;

/**
 * Where a fit stands: the resumable counters of the loops, kept apart from the loops so a
 * checkpoint can save and restore them.
 */
public final class FitProgress {
    private int epoch;
    private long globalStep;
    private long batchInEpoch;
    private long totalBatches;
    private long examplesSeen;
    private long epochBatches = -1;

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

    void setEpochBatches(long value) {
        epochBatches = value;
    }

    void startEpoch() {
        batchInEpoch = 0;
    }

    void addRound(int batches, int steps, long examples) {
        batchInEpoch += batches;
        totalBatches += batches;
        globalStep += steps;
        examplesSeen += examples;
    }

    void finishEpoch() {
        epoch++;
        batchInEpoch = 0;
    }
}

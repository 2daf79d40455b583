package io.sparkbolt.trainer.replica;

/**
 * Sums a step's gradient over every worker, so each applies the same update: the seam between a
 * replica's optimiser step and the transport that exchanges gradients (a TCP ring today; room for
 * NCCL). Every worker calls {@link #allReduce} once per optimiser step, in the same order, also
 * when it had no batch for the step (it then contributes zeros and no examples).
 */
public interface GradientReducer extends AutoCloseable {
    /**
     * Replaces {@code gradientSum} (this worker's gradient summed over its {@code examples}
     * examples) with the sum over every worker, in place, and returns the examples of all workers.
     * The result is the same on every worker, bit for bit, whatever the timing.
     */
    long allReduce(org.nd4j.linalg.api.ndarray.INDArray gradientSum, long examples);

    /** Seconds spent in {@link #allReduce} so far (staging, exchange and summing). */
    double seconds();

    /**
     * Marks the round as finished on this worker: the transport may keep its connections for the
     * next round. Not called when the round fails, so a failed round's connections are closed.
     */
    default void completed() {
    }

    /** Releases the transport (or keeps it for the next round, after {@link #completed}); a reducer is used for one round. */
    @Override
    void close();
}

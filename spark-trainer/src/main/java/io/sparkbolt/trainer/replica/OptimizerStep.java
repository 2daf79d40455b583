package io.sparkbolt.trainer.replica;

import io.sparkbolt.trainer.network.Network;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Trainer's optimiser step around DL4J's updater: gradient accumulation over
 * {@code accumulateGradBatches} batches, clipping, then the update. With no accumulation and no
 * clipping it makes exactly the calls of DL4J's {@code fit()}, so results are bit-identical.
 */
final class OptimizerStep {
    private final Network network;
    private final int accumulate;
    private final GradientClipping clipping;
    private INDArray accumulated;
    private int pendingBatches;
    private int pendingExamples;

    OptimizerStep(Network network, int accumulate, GradientClipping clipping) {
        this.network = network;
        this.accumulate = accumulate;
        this.clipping = clipping;
    }

    /** Takes the gradients a training step just left in the network. */
    void add(int examples) {
        if (accumulate > 1) {
            INDArray gradient = network.gradientView();
            if (accumulated == null) {
                accumulated = gradient.dup();
            } else if (pendingBatches == 0) {
                accumulated.assign(gradient);
            } else {
                accumulated.addi(gradient);
            }
        }
        pendingBatches++;
        pendingExamples += examples;
    }

    /** Whether enough batches have accumulated for a step. */
    boolean ready() {
        return pendingBatches >= accumulate;
    }

    /** Whether gradients are waiting (the epoch's last step may have fewer batches). */
    boolean hasPending() {
        return pendingBatches > 0;
    }

    /** Applies the accumulated gradients as optimiser step number {@code iteration}. */
    void step(int iteration, int epoch) {
        INDArray gradient = network.gradientView();
        if (accumulate > 1) {
            gradient.assign(accumulated);
        }
        clipping.apply(gradient, pendingExamples);
        network.applyUpdate(pendingExamples, iteration, epoch);
        pendingBatches = 0;
        pendingExamples = 0;
    }

    /**
     * Optimiser step number {@code iteration} on the gradient of every worker: this worker's
     * accumulated gradient (zeros when it had no batch for the step) is summed over the workers by
     * {@code reducer}, clipped as the sum of all their examples, and applied; every worker applies
     * the same update. Returns the examples of all workers; 0 means none had a batch, and nothing
     * is applied.
     */
    long stepAcrossWorkers(int iteration, int epoch, GradientReducer reducer) {
        INDArray gradient = network.gradientView();
        if (gradient == null) {
            throw new io.sparkbolt.trainer.api.SparkboltException("ddp: a worker joined optimiser step " + iteration
                    + " before it had trained any batch of its own (its shards hold fewer batches than the others'):"
                    + " give every worker at least one batch of the epoch left");
        }
        if (pendingBatches == 0) {
            gradient.assign(0);
        } else if (accumulate > 1) {
            gradient.assign(accumulated);
        }
        long total = reducer.allReduce(gradient, pendingExamples);
        pendingBatches = 0;
        pendingExamples = 0;
        if (total == 0) {
            return 0;
        }
        clipping.apply(gradient, (int) total); // Lightning clips after the reduction: the global norm
        network.applyUpdate((int) total, iteration, epoch);
        return total;
    }

    /** Batches whose gradients make one step. */
    int accumulate() {
        return accumulate;
    }
}

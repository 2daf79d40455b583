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
}

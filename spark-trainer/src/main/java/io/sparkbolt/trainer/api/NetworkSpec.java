package io.sparkbolt.trainer.api;

import java.io.Serializable;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/**
 * The network a {@link LightningModule} trains: a DL4J {@link MultiLayerConfiguration} or
 * {@link ComputationGraphConfiguration}. The Trainer builds, seeds and initialises it.
 */
public final class NetworkSpec implements Serializable {
    private final MultiLayerConfiguration multiLayer;
    private final ComputationGraphConfiguration graph;

    private NetworkSpec(MultiLayerConfiguration multiLayer, ComputationGraphConfiguration graph) {
        this.multiLayer = multiLayer;
        this.graph = graph;
    }

    /** A sequential network ({@code MultiLayerNetwork}). */
    public static NetworkSpec of(MultiLayerConfiguration configuration) {
        if (configuration == null) {
            throw new IllegalArgumentException("configuration must not be null");
        }
        return new NetworkSpec(configuration, null);
    }

    /** A graph network ({@code ComputationGraph}). */
    public static NetworkSpec of(ComputationGraphConfiguration configuration) {
        if (configuration == null) {
            throw new IllegalArgumentException("configuration must not be null");
        }
        return new NetworkSpec(null, configuration);
    }

    /** Whether this is a {@code MultiLayerNetwork}; otherwise a {@code ComputationGraph}. */
    public boolean isMultiLayer() {
        return multiLayer != null;
    }

    /** The sequential configuration; only when {@link #isMultiLayer()}. */
    public MultiLayerConfiguration multiLayer() {
        return multiLayer;
    }

    /** The graph configuration; only when not {@link #isMultiLayer()}. */
    public ComputationGraphConfiguration graph() {
        return graph;
    }
}

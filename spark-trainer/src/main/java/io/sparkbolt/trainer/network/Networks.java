package io.sparkbolt.trainer.network;

import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/** Builds the {@link Network} of a {@link NetworkSpec}: optimiser and seed applied, parameters initialised. */
public final class Networks {
    private Networks() {
    }

    /**
     * Stops with one line, before any strategy runs, when the network's output layer is not as wide
     * as the data's classes or targets: DL4J would fail later with a shape error deep in a task, and
     * differently on every strategy. {@code module} and {@code data} name the two for the message.
     */
    public static void requireOutputsMatch(Network network, Optional<DataShape> shape, String module, String data) {
        OptionalLong outputs = network.outputSize();
        if (shape.isPresent() && outputs.isPresent() && outputs.getAsLong() != shape.get().numOutputs()) {
            throw new SparkboltException(module + "'s network has " + outputs.getAsLong() + " outputs but " + data + " has "
                    + shape.get().numOutputs() + (shape.get().regression() ? " targets" : " classes")
                    + ": size the output layer from the data's shape (dataShape() in configureNetwork)");
        }
    }

    /**
     * Builds and initialises a network from a copy of {@code spec}'s configuration.
     *
     * @param optimizers the module's optimiser, or {@code null} to keep the configuration's updaters
     * @param seed       the weight-initialisation seed, or {@code null} to keep the configuration's
     * @param dataType   the network's data type (the Trainer's precision), or {@code null} to keep the configuration's
     */
    public static Network build(NetworkSpec spec, Optimizers optimizers, Long seed, DataType dataType) {
        if (spec.isMultiLayer()) {
            MultiLayerConfiguration conf = spec.multiLayer().clone();
            configure(conf.getConfs(), optimizers, seed);
            if (dataType != null) {
                conf.setDataType(dataType);
            }
            MultiLayerNetwork net = new MultiLayerNetwork(conf);
            net.init();
            return new MultiLayerNetworkAdapter(net);
        }
        ComputationGraphConfiguration conf = spec.graph().clone();
        List<NeuralNetConfiguration> layerConfs = new ArrayList<>();
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex) {
                layerConfs.add(layerVertex.getLayerConf());
            }
        }
        configure(layerConfs, optimizers, seed);
        if (seed != null) {
            conf.getDefaultConfiguration().setSeed(seed);
        }
        if (dataType != null) {
            conf.setDataType(dataType);
        }
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return new ComputationGraphAdapter(graph);
    }

    /**
     * Rebuilds a network from {@link Network#configurationJson()} (on an executor, say); its
     * parameters are initialised and then meant to be overwritten with the driver's.
     */
    public static Network fromJson(String json, boolean graph) {
        if (graph) {
            ComputationGraph rebuilt = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
            rebuilt.init();
            return new ComputationGraphAdapter(rebuilt);
        }
        MultiLayerNetwork rebuilt = new MultiLayerNetwork(MultiLayerConfiguration.fromJson(json));
        rebuilt.init();
        return new MultiLayerNetworkAdapter(rebuilt);
    }

    /** Whether {@code network} is a ComputationGraph (rather than a MultiLayerNetwork). */
    public static boolean isGraph(Network network) {
        return network instanceof ComputationGraphAdapter;
    }

    /** Wraps an already built network. */
    public static Network wrap(MultiLayerNetwork net) {
        return new MultiLayerNetworkAdapter(net);
    }

    /** Wraps an already built graph. */
    public static Network wrap(ComputationGraph graph) {
        return new ComputationGraphAdapter(graph);
    }

    private static void configure(List<NeuralNetConfiguration> confs, Optimizers optimizers, Long seed) {
        for (NeuralNetConfiguration conf : confs) {
            if (seed != null) {
                conf.setSeed(seed);
            }
            if (optimizers != null && conf.getLayer() instanceof BaseLayer layer) {
                IUpdater updater = optimizers.updater();
                layer.setIUpdater(updater);
                layer.setBiasUpdater(null);
            }
        }
    }
}

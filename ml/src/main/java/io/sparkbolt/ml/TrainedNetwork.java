package io.sparkbolt.ml;

import io.sparkbolt.data.DataFrameDataModule;
import io.sparkbolt.trainer.api.SparkboltException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/**
 * What a fitted model infers with, as it travels to executors: the Sparkbolt checkpoint's bytes (a
 * DL4J model file with the Trainer's state beside it) and the data module's state (the feature
 * normalisation fitted on the training rows). {@link #open()} rebuilds a network from it where
 * the rows are.
 *
 * @param checkpoint the checkpoint file's bytes
 * @param graph      whether the network is a ComputationGraph
 * @param outputs    the network's output width
 * @param dataState  the data module's {@code stateDict} at the end of the fit
 */
record TrainedNetwork(byte[] checkpoint, boolean graph, int outputs, Map<String, Object> dataState) implements Serializable {

    TrainedNetwork {
        dataState = new LinkedHashMap<>(dataState);
    }

    /** The network in {@code checkpoint} (a MultiLayerNetwork or a ComputationGraph with one output), read once to learn its kind and width. */
    static TrainedNetwork of(byte[] checkpoint, Map<String, Object> dataState, String source) {
        try {
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(checkpoint), false);
            return new TrainedNetwork(checkpoint, false, (int) network.layerSize(network.getnLayers() - 1), dataState);
        } catch (IOException | RuntimeException notAMultiLayerNetwork) {
            try {
                ComputationGraph graph = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(checkpoint), false);
                String output = graph.getConfiguration().getNetworkOutputs().get(0);
                return new TrainedNetwork(checkpoint, true, (int) graph.layerSize(output), dataState);
            } catch (IOException | RuntimeException e) {
                throw new SparkboltException("SparkboltModel: " + source + " holds no DL4J network: " + e.getMessage(), e);
            }
        }
    }

    /** The width of the features the network takes. */
    int features() {
        Object width = dataState.get("features");
        if (!(width instanceof Number number)) {
            throw new SparkboltException("SparkboltModel: the saved data module state has no 'features' width: " + dataState.keySet());
        }
        return number.intValue();
    }

    /** A network and normaliser ready to infer, private to the caller (DL4J networks are not shared between threads). */
    Inference open() {
        try {
            ByteArrayInputStream in = new ByteArrayInputStream(checkpoint);
            DataNormalization normalizer = DataFrameDataModule.normalizer(dataState);
            if (graph) {
                ComputationGraph network = ModelSerializer.restoreComputationGraph(in, false);
                return features -> normalize(normalizer, features, network::outputSingle);
            }
            MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(in, false);
            return features -> normalize(normalizer, features, batch -> network.output(batch, false));
        } catch (IOException e) {
            throw new SparkboltException("SparkboltModel: cannot read the network from its checkpoint: " + e.getMessage(), e);
        }
    }

    private static INDArray normalize(DataNormalization normalizer, INDArray features, java.util.function.Function<INDArray, INDArray> net) {
        if (normalizer != null) {
            normalizer.transform(features);
        }
        return net.apply(features);
    }

    /** The network's outputs for a batch of feature rows (normalised in place first). */
    @FunctionalInterface
    interface Inference {
        INDArray outputs(INDArray features);
    }
}

package io.sparkbolt.trainer.network;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** Facts about layer configurations the adapters share. */
final class OutputLayers {
    private OutputLayers() {
    }

    /** A softmax output with (multi-class) cross-entropy: labels are one-hot, accuracy applies. */
    static boolean isSoftmaxClassifier(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return conf instanceof BaseOutputLayer output
                && output.getLossFn() instanceof LossMCXENT
                && output.getActivationFn() instanceof ActivationSoftmax;
    }

    /** How many outputs a feed-forward output layer has; empty for other kinds. */
    static java.util.OptionalLong width(org.deeplearning4j.nn.conf.layers.Layer conf) {
        return conf instanceof FeedForwardLayer ff ? java.util.OptionalLong.of(ff.getNOut()) : java.util.OptionalLong.empty();
    }

    /** The summary row of one layer. */
    static Network.LayerRow row(Layer layer) {
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        String shape = conf instanceof FeedForwardLayer ff ? ff.getNIn() + " → " + ff.getNOut() : "";
        return new Network.LayerRow(conf.getLayerName(), conf.getClass().getSimpleName(), shape, layer.numParams());
    }
}

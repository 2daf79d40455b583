package io.sparkbolt.trainer.models;

import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.SparkboltException;
import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * The hidden part of the built-in MLPs: validated settings, and the dense layers they describe,
 * sized from the data and closed by the output layer each model chooses.
 */
final class MlpLayers implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<Integer> hidden;
    private final double lr;
    private final double dropout;
    private final double l2;
    private final Activation activation;

    /** Checks the settings; {@code model} names the module in error messages. */
    MlpLayers(String model, List<Integer> hidden, double lr, double dropout, double l2, String activation) {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(w -> w == null || w <= 0)) {
            throw new SparkboltException(model + ": hidden must be a non-empty list of positive layer widths, got " + hidden);
        }
        if (!(lr > 0)) {
            throw new SparkboltException(model + ": lr must be > 0, got " + lr);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new SparkboltException(model + ": dropout must be in [0, 1), got " + dropout);
        }
        if (!(l2 >= 0)) {
            throw new SparkboltException(model + ": l2 must be >= 0, got " + l2);
        }
        this.hidden = List.copyOf(hidden);
        this.lr = lr;
        this.dropout = dropout;
        this.l2 = l2;
        this.activation = parseActivation(model, activation);
    }

    private static Activation parseActivation(String model, String name) {
        try {
            return Activation.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SparkboltException(model + ": unknown activation '" + name + "' (try relu, tanh, sigmoid, leakyrelu, gelu)");
        }
    }

    List<Integer> hidden() {
        return hidden;
    }

    double lr() {
        return lr;
    }

    /** Dense hidden layers from {@code shape}'s input width, then {@code output} sized to their last width. */
    MultiLayerConfiguration build(DataShape shape, BaseOutputLayer.Builder<?> output) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder().weightInit(WeightInit.XAVIER);
        if (l2 > 0) {
            base.l2(l2);
        }
        NeuralNetConfiguration.ListBuilder layers = base.list();
        int in = shape.numFeatures();
        for (int width : hidden) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(width).activation(activation);
            if (dropout > 0) {
                dense.dropOut(1 - dropout); // DL4J takes the probability of keeping a unit
            }
            layers.layer(dense.build());
            in = width;
        }
        return layers.layer(output.nIn(in).build()).build();
    }
}

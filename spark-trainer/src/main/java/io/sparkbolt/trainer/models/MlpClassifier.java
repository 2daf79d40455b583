package io.sparkbolt.trainer.models;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A built-in multi-layer perceptron classifier: dense hidden layers of the given widths, a
 * softmax output, Adam. Input width and number of classes come from the DataModule's
 * {@link DataShape}. Logs {@code train_loss}, {@code val_loss}, {@code val_acc} and their test
 * counterparts (the defaults of {@link LightningModule}).
 *
 * <pre>{@code model: {class: MlpClassifier, args: {hidden: [256, 128], lr: 0.001}}}</pre>
 */
public final class MlpClassifier extends LightningModule {
    private static final long serialVersionUID = 1L;

    private final List<Integer> hidden;
    private final double lr;
    private final double dropout;
    private final double l2;
    private final Activation activation;

    /**
     * @param hidden     widths of the hidden layers, e.g. {@code [256, 128]}
     * @param lr         Adam's learning rate
     * @param dropout    probability of dropping a hidden unit while training (0: none)
     * @param l2         L2 weight decay (0: none)
     * @param activation hidden-layer activation, a DL4J {@link Activation} name such as {@code relu}
     */
    public MlpClassifier(@Arg("hidden") List<Integer> hidden, @Arg("lr") double lr, @Arg("dropout") double dropout,
                         @Arg("l2") double l2, @Arg("activation") String activation) {
        if (hidden == null || hidden.isEmpty() || hidden.stream().anyMatch(w -> w == null || w <= 0)) {
            throw new SparkboltException("MlpClassifier: hidden must be a non-empty list of positive layer widths, got " + hidden);
        }
        if (!(lr > 0)) {
            throw new SparkboltException("MlpClassifier: lr must be > 0, got " + lr);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new SparkboltException("MlpClassifier: dropout must be in [0, 1), got " + dropout);
        }
        if (!(l2 >= 0)) {
            throw new SparkboltException("MlpClassifier: l2 must be >= 0, got " + l2);
        }
        this.hidden = List.copyOf(hidden);
        this.lr = lr;
        this.dropout = dropout;
        this.l2 = l2;
        this.activation = parseActivation(activation);
        saveHyperparameters(this.hidden, lr, dropout, l2, activation);
    }

    /** ReLU hidden layers, no dropout, no weight decay. */
    public MlpClassifier(List<Integer> hidden, double lr) {
        this(hidden, lr, 0, 0, "relu");
    }

    private static Activation parseActivation(String name) {
        try {
            return Activation.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SparkboltException("MlpClassifier: unknown activation '" + name + "' (try relu, tanh, sigmoid, leakyrelu, gelu)");
        }
    }

    @Override
    public NetworkSpec configureNetwork() {
        DataShape shape = dataShape();
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
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(shape.numOutputs()).activation(Activation.SOFTMAX).build());
        return NetworkSpec.of(layers.build());
    }

    @Override
    public Optimizers configureOptimizers() {
        return Optimizers.adam(lr);
    }
}

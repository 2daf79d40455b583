package io.sparkbolt.trainer.models;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.ArgDefaults;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
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
    private static final ArgDefaults DEFAULTS = ArgDefaults.of(MlpClassifier.class);

    private static final long serialVersionUID = 1L;

    private final MlpLayers layers;

    /**
     * @param hidden     widths of the hidden layers, e.g. {@code [256, 128]}
     * @param lr         Adam's learning rate
     * @param dropout    probability of dropping a hidden unit while training (0: none)
     * @param l2         L2 weight decay (0: none)
     * @param activation hidden-layer activation, a DL4J {@link Activation} name such as {@code relu}
     */
    public MlpClassifier(@Arg(value = "hidden", description = "widths of the hidden layers, e.g. [256, 128]") List<Integer> hidden,
                         @Arg(value = "lr", defaultValue = "0.001", description = "Adam's learning rate") double lr,
                         @Arg(value = "dropout", defaultValue = "0.0", description = "probability of dropping a hidden unit while training") double dropout,
                         @Arg(value = "l2", defaultValue = "0.0", description = "L2 weight decay") double l2,
                         @Arg(value = "activation", defaultValue = "relu", description = "hidden-layer activation (a DL4J Activation name)") String activation) {
        this.layers = new MlpLayers("MlpClassifier", hidden, lr, dropout, l2, activation);
        saveHyperparameters(layers.hidden(), lr, dropout, l2, activation);
    }

    /** ReLU hidden layers, no dropout, no weight decay. */
    public MlpClassifier(List<Integer> hidden, double lr) {
        this(hidden, lr, DEFAULTS.get("dropout"), DEFAULTS.get("l2"), DEFAULTS.get("activation"));
    }

    @Override
    public NetworkSpec configureNetwork() {
        DataShape shape = dataShape();
        if (shape.regression()) {
            throw new SparkboltException("MlpClassifier needs class labels, but the data has " + shape.numOutputs()
                    + " regression target(s): use MlpRegressor, or set numClasses on the data module");
        }
        return NetworkSpec.of(layers.build(shape, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(shape.numOutputs()).activation(Activation.SOFTMAX)));
    }

    @Override
    public Optimizers configureOptimizers() {
        return Optimizers.adam(layers.lr());
    }
}

package io.sparkbolt.trainer.models;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.ArgDefaults;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A built-in multi-layer perceptron for regression: dense hidden layers, a linear output per
 * target, mean squared error, Adam. Input width and number of targets come from the DataModule's
 * {@link DataShape} (a CSV data module without {@code numClasses}). Logs {@code train_loss},
 * {@code val_loss} and {@code val_mse} (and their test counterparts); {@code val_mse} is the mean
 * squared error over every target of every example, without the weight-decay terms the loss may
 * carry.
 *
 * <pre>{@code model: {class: MlpRegressor, args: {hidden: [64, 32], lr: 0.001}}}</pre>
 */
public final class MlpRegressor extends LightningModule {
    private static final ArgDefaults DEFAULTS = ArgDefaults.of(MlpRegressor.class);

    private static final long serialVersionUID = 1L;

    private final MlpLayers layers;

    /**
     * @param hidden     widths of the hidden layers, e.g. {@code [64, 32]}
     * @param lr         Adam's learning rate
     * @param dropout    probability of dropping a hidden unit while training (0: none)
     * @param l2         L2 weight decay (0: none)
     * @param activation hidden-layer activation, a DL4J {@link Activation} name such as {@code relu}
     */
    public MlpRegressor(@Arg(value = "hidden", description = "widths of the hidden layers, e.g. [256, 128]") List<Integer> hidden,
                        @Arg(value = "lr", defaultValue = "0.001", description = "Adam's learning rate") double lr,
                        @Arg(value = "dropout", defaultValue = "0.0", description = "probability of dropping a hidden unit while training") double dropout,
                        @Arg(value = "l2", defaultValue = "0.0", description = "L2 weight decay") double l2,
                        @Arg(value = "activation", defaultValue = "relu", description = "hidden-layer activation (a DL4J Activation name)") String activation) {
        this.layers = new MlpLayers("MlpRegressor", hidden, lr, dropout, l2, activation);
        saveHyperparameters(layers.hidden(), lr, dropout, l2, activation);
    }

    /** ReLU hidden layers, no dropout, no weight decay. */
    public MlpRegressor(List<Integer> hidden, double lr) {
        this(hidden, lr, DEFAULTS.get("dropout"), DEFAULTS.get("l2"), DEFAULTS.get("activation"));
    }

    @Override
    public NetworkSpec configureNetwork() {
        DataShape shape = dataShape();
        if (!shape.regression()) {
            throw new SparkboltException("MlpRegressor needs regression targets, but the data has " + shape.numOutputs()
                    + " classes: use MlpClassifier, or leave numClasses unset on the data module");
        }
        return NetworkSpec.of(layers.build(shape, new OutputLayer.Builder(LossFunctions.LossFunction.MSE)
                .nOut(shape.numOutputs()).activation(Activation.IDENTITY)));
    }

    @Override
    public Optimizers configureOptimizers() {
        return Optimizers.adam(layers.lr());
    }

    @Override
    public void validationStep(Batch batch, int batchIdx) {
        logLossAndError(Split.VAL, batch);
    }

    @Override
    public void testStep(Batch batch, int batchIdx) {
        logLossAndError(Split.TEST, batch);
    }

    private void logLossAndError(Split split, Batch batch) {
        logLossAndAccuracy(split, batch);
        log(split.prefix() + "_mse", meanSquaredError(batch), LogOptions.progBar());
    }

    /** Mean over the batch and the targets of the squared difference between output and label. */
    private double meanSquaredError(Batch batch) {
        INDArray error = network().output(batch)[0].castTo(DataType.DOUBLE).sub(batch.labels().castTo(DataType.DOUBLE));
        return error.muli(error).meanNumber().doubleValue();
    }
}

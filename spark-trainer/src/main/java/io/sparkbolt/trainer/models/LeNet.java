package io.sparkbolt.trainer.models;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A built-in LeNet-5 style convolutional classifier for small images given as flat rows (MNIST's
 * 28×28×1): two 5×5 convolutions (20 and 50 filters) each followed by 2×2 max pooling, a dense
 * layer of 500 ReLU units and a softmax output, trained with Adam. The number of classes comes
 * from the DataModule's {@link DataShape}; the image size is given.
 *
 * <pre>{@code model: {class: LeNet, args: {height: 28, width: 28, channels: 1, lr: 0.001}}}</pre>
 */
public final class LeNet extends LightningModule {
    private static final long serialVersionUID = 1L;

    private final int height;
    private final int width;
    private final int channels;
    private final double lr;

    /**
     * @param height   image height in pixels
     * @param width    image width in pixels
     * @param channels colour channels (1 for grey)
     * @param lr       Adam's learning rate
     */
    public LeNet(@Arg(value = "height", defaultValue = "28", description = "image height in pixels") int height,
                 @Arg(value = "width", defaultValue = "28", description = "image width in pixels") int width,
                 @Arg(value = "channels", defaultValue = "1", description = "colour channels") int channels,
                 @Arg(value = "lr", defaultValue = "0.001", description = "Adam's learning rate") double lr) {
        if (height < 12 || width < 12 || channels < 1) {
            throw new SparkboltException("LeNet: images must be at least 12x12 with >= 1 channel, got "
                    + height + "x" + width + "x" + channels);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.lr = lr;
        saveHyperparameters(height, width, channels, lr);
    }

    @Override
    public NetworkSpec configureNetwork() {
        DataShape shape = dataShape();
        if (shape.regression()) {
            throw new SparkboltException("LeNet needs class labels, but the data has regression targets");
        }
        if (shape.numFeatures() != (long) height * width * channels) {
            throw new SparkboltException("LeNet: the data has " + shape.numFeatures() + " features per example, not "
                    + height + "x" + width + "x" + channels + " = " + (long) height * width * channels);
        }
        return NetworkSpec.of(new NeuralNetConfiguration.Builder().weightInit(WeightInit.XAVIER).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(shape.numOutputs())
                        .activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(height, width, channels))
                .build());
    }

    @Override
    public Optimizers configureOptimizers() {
        return Optimizers.adam(lr);
    }
}

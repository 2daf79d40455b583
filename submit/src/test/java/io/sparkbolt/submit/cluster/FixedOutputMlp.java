package io.sparkbolt.submit.cluster;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.StepOutput;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A user's module as users get one wrong or buggy: its output layer has a fixed width ({@code
 * outputs}), not the data's class count, and with {@code failAtStep} >= 0 its training step throws
 * an {@link IllegalStateException} at that batch, a bug in the user's code inside a Spark task.
 */
public final class FixedOutputMlp extends LightningModule {
    private final int outputs;
    private final int failAtStep;

    public FixedOutputMlp(@Arg("outputs") int outputs, @Arg(value = "failAtStep", defaultValue = "-1") int failAtStep) {
        this.outputs = outputs;
        this.failAtStep = failAtStep;
        saveHyperparameters(outputs, failAtStep);
    }

    @Override
    public NetworkSpec configureNetwork() {
        return NetworkSpec.of(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(dataShape().numFeatures()).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(outputs)
                        .activation(Activation.SOFTMAX).build())
                .build());
    }

    @Override
    public Optimizers configureOptimizers() {
        return Optimizers.adam(0.001);
    }

    @Override
    public StepOutput trainingStep(Batch batch, int batchIdx) {
        if (batchIdx == failAtStep) {
            throw new IllegalStateException("a bug in FixedOutputMlp.trainingStep at batch " + batchIdx);
        }
        return super.trainingStep(batch, batchIdx);
    }
}

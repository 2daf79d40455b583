package com.example.mymodels;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.StepOutput;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Learns y = sin(x) with a two-layer tanh network: a LightningModule of one's own. */
public final class SineRegressor extends LightningModule {
    private final int hidden;
    private final double lr;

    /** The {@code @Arg} names are the YAML's {@code model.args} and the hyper-parameters. */
    public SineRegressor(@Arg("hidden") int hidden, @Arg(value = "lr", defaultValue = "0.01") double lr) {
        this.hidden = hidden;
        this.lr = lr;
        saveHyperparameters(hidden, lr);
    }

    @Override
    public NetworkSpec configureNetwork() {
        return NetworkSpec.of(new NeuralNetConfiguration.Builder().weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(1).nOut(hidden).activation(Activation.TANH).build())
                .layer(new DenseLayer.Builder().nIn(hidden).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(hidden).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build());
    }

    @Override
    public Optimizers configureOptimizers() {
        return Optimizers.adam(lr);
    }

    @Override
    public StepOutput trainingStep(Batch batch, int batchIdx) {
        StepOutput out = forwardBackward(batch);
        log("train_loss", out.loss(), LogOptions.progBar());
        return out;
    }

    @Override
    public void validationStep(Batch batch, int batchIdx) {
        log("val_loss", network().score(batch), LogOptions.progBar());
    }

    @Override
    public void testStep(Batch batch, int batchIdx) {
        log("test_loss", network().score(batch));
    }
}

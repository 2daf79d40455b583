package io.sparkbolt.trainer.testing;

import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A one-hidden-layer classifier over {@link SyntheticData} with the optimiser and dropout a test picks. */
public class TinyModel extends LightningModule {
    private final Optimizers optimizers;
    private final double keepProbability;

    public TinyModel(Optimizers optimizers, double keepProbability) {
        this.optimizers = optimizers;
        this.keepProbability = keepProbability;
    }

    public TinyModel(Optimizers optimizers) {
        this(optimizers, 1.0);
    }

    @Override
    public NetworkSpec configureNetwork() {
        DenseLayer.Builder hidden = new DenseLayer.Builder().nIn(SyntheticData.FEATURES).nOut(16).activation(Activation.TANH);
        if (keepProbability < 1) {
            hidden.dropOut(keepProbability);
        }
        return NetworkSpec.of(new NeuralNetConfiguration.Builder().weightInit(WeightInit.XAVIER).list()
                .layer(hidden.build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(SyntheticData.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build());
    }

    @Override
    public Optimizers configureOptimizers() {
        return optimizers;
    }
}

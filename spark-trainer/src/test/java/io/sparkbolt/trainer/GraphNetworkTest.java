package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** A ComputationGraph trains through the same loop as a MultiLayerNetwork. */
class GraphNetworkTest {

    static final class GraphModel extends LightningModule {
        @Override
        public NetworkSpec configureNetwork() {
            return NetworkSpec.of(new NeuralNetConfiguration.Builder().graphBuilder()
                    .addInputs("in")
                    .addLayer("hidden", new DenseLayer.Builder().nIn(SyntheticData.FEATURES).nOut(16).activation(Activation.TANH).build(), "in")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(SyntheticData.CLASSES)
                            .activation(Activation.SOFTMAX).build(), "hidden")
                    .setOutputs("out")
                    .build());
        }

        @Override
        public Optimizers configureOptimizers() {
            return Optimizers.adam(0.05);
        }
    }

    @Test
    void graphLearnsTheSyntheticClasses() {
        Trainer trainer = TestTrainers.quiet().maxEpochs(5).build();
        GraphModel model = new GraphModel();
        trainer.fit(model, SyntheticData.small());
        Map<String, Double> results = trainer.test(model, SyntheticData.small());
        assertTrue(results.get("test_acc") > 0.8, "accuracy " + results);
    }
}

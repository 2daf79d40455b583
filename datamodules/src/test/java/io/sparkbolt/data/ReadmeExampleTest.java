package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.Interval;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.predict.PredictionOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The README's Java example, as written there, on a slice of MNIST. */
class ReadmeExampleTest {

    public static final class MnistMlp extends LightningModule {
        private final int hidden;
        private final double lr;

        public MnistMlp(@Arg("hidden") int hidden, @Arg("lr") double lr) {
            this.hidden = hidden;
            this.lr = lr;
            saveHyperparameters(hidden, lr);
        }

        @Override
        public NetworkSpec configureNetwork() {
            return NetworkSpec.of(new NeuralNetConfiguration.Builder().list()
                    .layer(new DenseLayer.Builder().nIn(784).nOut(hidden).activation(Activation.RELU).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(10)
                            .activation(Activation.SOFTMAX).build())
                    .build());
        }

        @Override
        public Optimizers configureOptimizers() {
            return Optimizers.adam(lr).stepDecay(0.5, 2, Interval.EPOCH);
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            StepOutput out = forwardBackward(batch);
            log("train_loss", out.loss(), LogOptions.progBar());
            return out;
        }
    }

    @Test
    void theReadmeExampleTrains(@TempDir Path dir) {
        Trainer trainer = Trainer.builder()
                .maxEpochs(2).accumulateGradBatches(2).gradientClipVal(1.0).valCheckInterval(0.5)
                .limitTrainBatches(60).limitValBatches(10).limitTestBatches(10).limitPredictBatches(10)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .build();
        MnistMlp model = new MnistMlp(64, 1e-3);
        MnistDataModule data = new MnistDataModule(MnistDataModuleTest.DIR, 64);
        trainer.fit(model, data);
        Map<String, Double> test = trainer.test(model, data);
        assertEquals(60, trainer.globalStep(), "2 epochs of 60 batches, 2 per step");
        assertTrue(test.get("test_acc") > 0.7, test.toString());
        assertEquals(Map.of("hidden", 64, "lr", 1e-3), model.hparams().asMap());
        String predictions = dir.resolve("predictions").toString();
        assertEquals(640, trainer.predict(model, data, null, PredictionOutput.parquet(predictions)).rows(), "10 batches of 64");
    }
}

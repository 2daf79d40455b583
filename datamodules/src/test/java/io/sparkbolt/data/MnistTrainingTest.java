package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A slice of MNIST trains well above chance in seconds. */
class MnistTrainingTest {

    @Test
    void aFewHundredBatchesReachHighAccuracy() {
        Trainer trainer = Trainer.builder().maxEpochs(1).limitTrainBatches(150).limitValBatches(20).limitTestBatches(20)
                .numSanityValSteps(0).enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false)
                .loggers(List.of()).seed(1).build();
        MlpClassifier model = new MlpClassifier(List.of(64), 2e-3);
        MnistDataModule data = new MnistDataModule(MnistDataModuleTest.DIR, 64);
        trainer.fit(model, data);
        assertTrue(trainer.callbackMetrics().get("val_acc") > 0.85, "val " + trainer.callbackMetrics());
        Map<String, Double> test = trainer.test(model, data);
        assertTrue(test.get("test_acc") > 0.85, "test " + test);
    }
}

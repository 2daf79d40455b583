package io.sparkbolt.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gradient sharing on a local[2] Spark context shared by the class, training on slices of MNIST. */
class GradientSharingTest {
    static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();
    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("gradient-sharing-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    static TrainerBuilder quiet() {
        return Trainer.builder().enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false)
                .loggers(List.of()).numSanityValSteps(0).seed(7);
    }

    static MnistDataModule mnist() {
        return new MnistDataModule(MNIST, 64, 5000, MnistDataModule.DEFAULT_URL, 42, 4);
    }

    @Test
    void fitsAnMnistSliceAboveAnAccuracyFloor() {
        Trainer trainer = quiet().maxEpochs(1).limitTrainBatches(200).limitValBatches(10).limitTestBatches(20)
                .strategy(GradientSharing.builder().numWorkers(2).chunkSteps(50).build()).build();
        MlpClassifier model = new MlpClassifier(List.of(128), 1e-3);
        long start = System.nanoTime();
        trainer.fit(model, mnist());
        System.out.printf("fit took %.1f s%n", (System.nanoTime() - start) / 1e9);
        Map<String, Double> test = trainer.test(model, mnist());
        System.out.println(test + " step " + trainer.globalStep());
        assertTrue(test.get("test_acc") > 0.85, "test accuracy " + test);
    }
}

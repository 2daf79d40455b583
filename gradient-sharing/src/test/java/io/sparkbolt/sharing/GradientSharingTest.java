package io.sparkbolt.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.averaging.CountingData;
import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.EarlyStopping;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gradient sharing on a local[2] Spark context shared by the class, training on slices of MNIST
 * (4 shards, 2 workers): accuracy, callbacks between chunks on the driver, resume, and the errors
 * it gives at start.
 */
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

    private static TrainerBuilder quiet() {
        return Trainer.builder().enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false)
                .loggers(List.of()).numSanityValSteps(0).seed(7);
    }

    private static MnistDataModule mnist() {
        return new MnistDataModule(MNIST, 64, 5000, MnistDataModule.DEFAULT_URL, 42, 4);
    }

    private static GradientSharing sharing(int chunkSteps) {
        return GradientSharing.builder().numWorkers(2).chunkSteps(chunkSteps).allowUnauthenticatedExchange(true).build();
    }

    @Test
    void fitsAnMnistSliceAboveAnAccuracyFloor() {
        Trainer trainer = quiet().maxEpochs(1).limitTrainBatches(150).limitTestBatches(20).strategy(sharing(50)).build();
        MlpClassifier model = new MlpClassifier(List.of(128), 1e-3);
        trainer.fit(model, mnist());
        Map<String, Double> test = trainer.test(model, mnist());
        assertEquals(150, trainer.globalStep(), "150 steps per worker");
        assertTrue(test.get("test_acc") > 0.85, "test accuracy after 150 steps per worker: " + test);
    }

    @Test
    void callbacksRunOnTheDriverBetweenChunksOnTheCurrentModel() {
        Thread driver = Thread.currentThread();
        List<INDArray> modelAfterChunk = new ArrayList<>();
        List<Long> stepAfterChunk = new ArrayList<>();
        List<Boolean> onDriver = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
                onDriver.add(TaskContext.get() == null && Thread.currentThread() == driver);
                modelAfterChunk.add(trainer.network().params().dup());
                stepAfterChunk.add(trainer.globalStep());
            }

            @Override
            public void onValidationEnd(Trainer trainer, LightningModule module) {
                onDriver.add(TaskContext.get() == null && Thread.currentThread() == driver);
            }
        };
        Trainer trainer = quiet().maxEpochs(1).limitTrainBatches(60).limitValBatches(4).valCheckInterval(40)
                .strategy(sharing(20)).callbacks(recorder).build();
        trainer.fit(new MlpClassifier(List.of(32), 1e-3), mnist());

        assertEquals(List.of(20L, 40L, 60L), stepAfterChunk, "one callback per chunk of 20 steps");
        assertFalse(onDriver.contains(false), "a callback ran inside a task");
        assertEquals(3 + 1, onDriver.size(), "3 chunks and one validation run (after step 40)");
        assertNotEquals(modelAfterChunk.get(0), modelAfterChunk.get(1), "the driver's model moved between chunks");
        assertNotEquals(modelAfterChunk.get(1), modelAfterChunk.get(2));
        assertTrue(trainer.callbackMetrics().containsKey("val_loss"));
        assertTrue(trainer.loggedMetrics().get("chunk_train_s") > 0, "each chunk reports where its time went: " + trainer.loggedMetrics());
    }

    @Test
    void dataIsReadFromShardsInsideTasksWithSetupOncePerJvm() {
        CountingData.reset();
        // Opening a shard outside a Spark task (on the driver) throws: the training data never passes through the driver.
        Trainer trainer = quiet().maxEpochs(2).strategy(sharing(3)).build();
        trainer.fit(new TinyModel(Optimizers.adam(0.05)), new CountingData(8, 64, 32, 4, true));
        assertEquals(1, CountingData.PREPARES.get());
        assertEquals(1, CountingData.SETUPS.get(Stage.FIT).get(), "one executor JVM: setup once, not per task or chunk");
        assertEquals(1, CountingData.TEARDOWNS.get(Stage.FIT).get());
        assertTrue(CountingData.OPENS.get() > 0);
        assertEquals(2 * 4, trainer.globalStep(), "each worker reads 2 shards of 2 batches per epoch");
    }

    @Test
    void maxStepsStopsAtAChunkBoundary() {
        Trainer trainer = quiet().maxEpochs(5).maxSteps(30).limitTrainBatches(100).strategy(sharing(20)).build();
        trainer.fit(new MlpClassifier(List.of(32), 1e-3), mnist());
        assertEquals(40, trainer.globalStep(), "the chunk that crossed maxSteps=30 ends the fit");
    }

    @Test
    void resumeRestoresParametersUpdaterStateCountersAndCallbackState(@TempDir Path tmp) {
        EarlyStopping firstStopping = EarlyStopping.builder().monitor("val_loss").patience(5).build();
        Trainer first = quiet().enableCheckpointing(true).maxEpochs(1).limitTrainBatches(40).limitValBatches(4).strategy(sharing(20))
                .callbacks(firstStopping, ModelCheckpoint.builder().dirPath(tmp.toString()).saveLast(true).build()).build();
        first.fit(new MlpClassifier(List.of(32), 1e-3), mnist());
        INDArray params = first.network().params().dup();
        INDArray updater = first.network().updaterState().dup();

        List<Object[]> atResume = new ArrayList<>();
        EarlyStopping resumedStopping = EarlyStopping.builder().monitor("val_loss").patience(5).build();
        Callback capture = new Callback() {
            @Override
            public void onTrainEpochStart(Trainer trainer, LightningModule module) {
                if (atResume.isEmpty()) {
                    atResume.add(new Object[] {trainer.network().params().dup(), trainer.network().updaterState().dup(),
                            trainer.globalStep(), trainer.currentEpoch(), resumedStopping.bestScore()});
                }
            }
        };
        Trainer second = quiet().enableCheckpointing(true).maxEpochs(2).limitTrainBatches(40).limitValBatches(4).strategy(sharing(20))
                .callbacks(resumedStopping, capture, ModelCheckpoint.builder().dirPath(tmp.toString()).saveLast(true).build()).build();
        second.fit(new MlpClassifier(List.of(32), 1e-3), mnist(), "last");

        Object[] resumed = atResume.get(0);
        assertArrayEquals(params.data().asFloat(), ((INDArray) resumed[0]).data().asFloat(), "parameters restored");
        assertArrayEquals(updater.data().asFloat(), ((INDArray) resumed[1]).data().asFloat(), "updater state restored");
        assertEquals(40L, resumed[2], "global step restored");
        assertEquals(1, resumed[3], "continues with the second epoch");
        assertEquals(firstStopping.bestScore(), (double) resumed[4], "callback state restored");
        assertEquals(80, second.globalStep());
        assertNotEquals(params, second.network().params(), "the resumed fit trained on");
    }

    @Test
    void aTakenPortFailsAtStartWithOneLineNamingIt() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = taken.getLocalPort();
            Trainer trainer = quiet().maxEpochs(1).limitTrainBatches(10)
                    .strategy(GradientSharing.builder().numWorkers(2).unicastPort(port).allowUnauthenticatedExchange(true).build()).build();
            SparkboltException error = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThrows(SparkboltException.class,
                    () -> trainer.fit(new MlpClassifier(List.of(16), 1e-3), mnist())));
            assertTrue(error.getMessage().contains("127.0.0.1:" + port), error.getMessage());
            assertTrue(error.getMessage().contains("strategy.unicastPort"), error.getMessage());
            assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
        }
    }

    @Test
    void aCustomTrainingStepOrGradientAccumulationIsRefusedAtStart() {
        TinyModel custom = new TinyModel(Optimizers.adam(0.01)) {
            @Override
            public StepOutput trainingStep(Batch batch, int batchIdx) {
                return super.trainingStep(batch, batchIdx);
            }
        };
        SparkboltException step = assertThrows(SparkboltException.class,
                () -> quiet().maxEpochs(1).strategy(sharing(10)).build().fit(custom, new SyntheticData(8, 64, 32, 4)));
        assertTrue(step.getMessage().contains("trainingStep is never called"), step.getMessage());
        SparkboltException accumulate = assertThrows(SparkboltException.class,
                () -> quiet().maxEpochs(1).accumulateGradBatches(2).strategy(sharing(10)).build()
                        .fit(new TinyModel(Optimizers.adam(0.01)), new SyntheticData(8, 64, 32, 4)));
        assertTrue(accumulate.getMessage().contains("accumulateGradBatches=2"), accumulate.getMessage());
    }
}

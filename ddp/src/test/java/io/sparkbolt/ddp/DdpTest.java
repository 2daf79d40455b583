package io.sparkbolt.ddp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.averaging.CountingData;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import io.sparkbolt.trainer.testing.LocalSpark;
import io.sparkbolt.trainer.testing.TinyModel;
import io.sparkbolt.trainer.workers.TaskFaults;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code ddp} on a local[2] Spark context shared by the class (a failed barrier stage is re-run). */
@Timeout(300)
class DdpTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("ddp-test");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void resetCounters() {
        CountingData.reset();
    }

    private static TrainerBuilder quiet() {
        return Trainer.builder().enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false)
                .loggers(List.of()).numSanityValSteps(0).seed(5);
    }

    private static Ddp ddp(int workers, int segmentSteps) {
        return Ddp.builder().numWorkers(workers).segmentSteps(segmentSteps).timeoutSeconds(30).build();
    }

    private static INDArray fit(Strategy strategy, LightningModule model, DataModule data, int epochs) {
        Trainer trainer = quiet().maxEpochs(epochs).strategy(strategy).build();
        trainer.fit(model, data);
        return trainer.network().params().dup();
    }

    @Test
    void twoWorkersWithBatchBTrainAsOneWorkerWithBatch2B() {
        double maxRelative = DdpEquivalence.maxRelativeDifferenceAfter50SgdSteps();
        System.out.printf("ddp equivalence: max relative parameter difference %.3g after 50 steps%n", maxRelative);
        assertTrue(maxRelative <= 1e-4, "max relative difference " + maxRelative);
    }

    @Test
    void accumulationAndGlobalNormClippingMatchTheLocalLoopToo() {
        TrainerBuilder settings = quiet().maxEpochs(1).accumulateGradBatches(2).gradientClipVal(0.05);
        Trainer distributed = settings.strategy(ddp(2, 5)).build();
        distributed.fit(new TinyModel(Optimizers.adam(0.01)), new PairedData(2, 320, 8, false));
        Trainer local = quiet().maxEpochs(1).accumulateGradBatches(2).gradientClipVal(0.05).build();
        local.fit(new TinyModel(Optimizers.adam(0.01)), new PairedData(2, 320, 8, true));
        assertEquals(20, distributed.globalStep());
        assertEquals(local.globalStep(), distributed.globalStep());
        double maxRelative = DdpEquivalence.maxRelativeDifference(distributed.network().params(), local.network().params());
        assertTrue(maxRelative <= 1e-4, "max relative difference " + maxRelative);
    }

    @Test
    void aSegmentEndsWhereTheDriverIsNeededAndTheResultIsUnchanged(@TempDir Path dir) {
        // segments of up to 200 steps; validation every 5 batches, a checkpoint every 3 steps, maxSteps 11
        List<Long> validatedAt = new java.util.ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onValidationEnd(Trainer trainer, LightningModule module) {
                if (!trainer.isSanityChecking()) {
                    validatedAt.add(trainer.globalStep());
                }
            }
        };
        Trainer distributed = quiet().maxEpochs(1).maxSteps(11).valCheckInterval(5).enableCheckpointing(true)
                .defaultRootDir(dir.toString()).strategy(Ddp.builder().numWorkers(2).timeoutSeconds(30).build())
                .callbacks(recorder, ModelCheckpoint.builder().dirPath(dir.resolve("ckpt").toString()).everyNTrainSteps(3).saveTopK(-1).build())
                .build();
        distributed.fit(new TinyModel(Optimizers.sgd(0.1)), new PairedData(2, 400, 8, false));
        assertEquals(List.of(5L, 10L), validatedAt, "validation at its batches, not at the end of a 200-step segment");
        assertEquals(11, distributed.globalStep());
        List<String> saved = io.sparkbolt.trainer.storage.Storage.list(io.sparkbolt.trainer.storage.Storage.path(dir.resolve("ckpt").toString()));
        for (int step : new int[] {3, 6, 9}) {
            assertTrue(saved.contains("epoch=0-step=" + step + ".ckpt"), "a checkpoint at step " + step + ": " + saved);
        }
        Trainer local = quiet().maxEpochs(1).maxSteps(11).build();
        local.fit(new TinyModel(Optimizers.sgd(0.1)), new PairedData(2, 400, 8, true));
        assertTrue(DdpEquivalence.maxRelativeDifference(distributed.network().params(), local.network().params()) <= 1e-4,
                "cut segments train as one long one would");
    }

    /** A 200-step segment logs every logEveryNSteps steps, the values the local loop logs at those steps. */
    @Test
    void aLongSegmentLogsEveryNStepsAsTheLocalLoopDoes() {
        io.sparkbolt.trainer.testing.MemoryLogger ddpLog = new io.sparkbolt.trainer.testing.MemoryLogger();
        io.sparkbolt.trainer.testing.MemoryLogger localLog = new io.sparkbolt.trainer.testing.MemoryLogger();
        Trainer distributed = quiet().maxEpochs(1).logEveryNSteps(4).loggers(List.of(ddpLog)).strategy(ddp(2, 200)).build();
        distributed.fit(new TinyModel(Optimizers.sgd(0.1)), new PairedData(2, 400, 8, false));
        Trainer local = quiet().maxEpochs(1).logEveryNSteps(4).loggers(List.of(localLog)).build();
        local.fit(new TinyModel(Optimizers.sgd(0.1)), new PairedData(2, 400, 8, true));
        Map<Long, Double> ddpLoss = trainLoss(ddpLog);
        Map<Long, Double> localLoss = trainLoss(localLog);
        assertEquals(List.of(4L, 8L, 12L, 16L, 20L, 24L, 28L, 32L, 36L, 40L, 44L, 48L), List.copyOf(ddpLoss.keySet()),
                "a row every 4 steps of the one segment");
        assertEquals(localLoss.keySet(), ddpLoss.keySet());
        localLoss.forEach((step, loss) -> assertEquals(loss, ddpLoss.get(step), 1e-4 * Math.abs(loss),
                "train_loss at step " + step + ": the step's loss over both workers' batches, as the local loop's batch of 16"));
    }

    private static Map<Long, Double> trainLoss(io.sparkbolt.trainer.testing.MemoryLogger logger) {
        Map<Long, Double> losses = new java.util.TreeMap<>();
        for (var row : logger.rows()) {
            if (row.metrics().containsKey("train_loss")) {
                losses.put(row.step(), row.metrics().get("train_loss"));
            }
        }
        return losses;
    }

    @Test
    void laterSegmentsKeepTheRingAndSkipTheRendezvous() {
        Trainer trainer = quiet().maxEpochs(1).logEveryNSteps(1).strategy(ddp(2, 1)).build();
        trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new CountingData(8, 64, 32, 4, true));
        assertEquals(4, trainer.globalStep(), "four one-step segments");
        double rendezvous = trainer.callbackMetrics().get("rendezvous_s");
        assertTrue(rendezvous < 0.5, "the last segment reused the ring: " + rendezvous + " s (Spark's allGather takes about 1 s)");
        assertTrue(trainer.callbackMetrics().containsKey("allreduce_s"));
    }

    @Test
    void sameSeedGivesBitIdenticalParametersAcrossRuns() {
        INDArray first = fit(ddp(2, 3), new TinyModel(Optimizers.adam(0.05), 0.8), new CountingData(8, 128, 32, 4, true), 2);
        INDArray second = fit(ddp(2, 3), new TinyModel(Optimizers.adam(0.05), 0.8), new CountingData(8, 128, 32, 4, true), 2);
        assertArrayEquals(first.data().asFloat(), second.data().asFloat());
    }

    @Test
    void injectedTaskFailuresReRunTheSegmentToTheSameBits() {
        INDArray clean = fit(ddp(2, 2), new TinyModel(Optimizers.adam(0.05), 0.8), new CountingData(8, 128, 32, 4, true), 2);
        for (long faultSeed : new long[] {13, 29}) { // different rounds and workers fail, at different points
            TaskFaults.enable(0.4, faultSeed);
            try {
                INDArray faulty = fit(ddp(2, 2), new TinyModel(Optimizers.adam(0.05), 0.8), new CountingData(8, 128, 32, 4, true), 2);
                assertTrue(TaskFaults.failedRounds() > 0, "no failure was injected");
                System.out.printf("ddp task faults (seed %d): before=%d mid=%d after=%d in %d rounds%n", faultSeed,
                        TaskFaults.injected(TaskFaults.Point.BEFORE_COMPUTE), TaskFaults.injected(TaskFaults.Point.MID_COMPUTE),
                        TaskFaults.injected(TaskFaults.Point.AFTER_COMPUTE), TaskFaults.failedRounds());
                assertArrayEquals(clean.data().asFloat(), faulty.data().asFloat());
            } finally {
                TaskFaults.disable();
            }
        }
    }

    @Test
    void prepareOnceSetupOncePerJvmAndCallbacksOnlyOnTheDriver() {
        AtomicInteger batchEnds = new AtomicInteger();
        AtomicBoolean inTask = new AtomicBoolean();
        Thread driver = Thread.currentThread();
        Callback counter = new Callback() {
            @Override
            public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
                batchEnds.incrementAndGet();
                inTask.compareAndSet(false, TaskContext.get() != null || Thread.currentThread() != driver);
            }
        };
        Trainer trainer = quiet().maxEpochs(2).strategy(ddp(2, 2)).callbacks(counter).build();
        trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new CountingData(8, 64, 32, 4, true));
        assertEquals(1, CountingData.PREPARES.get(), "prepareData once, on the driver");
        assertEquals(1, CountingData.SETUPS.get(Stage.FIT).get(), "setup once in the one executor JVM of local mode");
        assertEquals(2 * 2, batchEnds.get(), "4 steps per worker and epoch, 2 per segment: 2 segments per epoch");
        assertFalse(inTask.get(), "callbacks run on the driver");
        assertEquals(8, trainer.globalStep());
    }

    @Test
    void aResumeMidEpochFromADdpCheckpointIsBitIdentical(@TempDir Path dir) {
        Trainer whole = quiet().maxEpochs(2).strategy(ddp(2, 2)).build();
        whole.fit(new TinyModel(Optimizers.adam(0.05)), new CountingData(8, 128, 32, 4, true));

        ModelCheckpoint everyTwoSteps = ModelCheckpoint.builder().dirPath(dir.toString()).everyNTrainSteps(2).saveTopK(-1).build();
        Trainer stopped = quiet().enableCheckpointing(true).maxEpochs(2).maxSteps(10).strategy(ddp(2, 2)).callbacks(everyTwoSteps).build();
        stopped.fit(new TinyModel(Optimizers.adam(0.05)), new CountingData(8, 128, 32, 4, true));
        assertEquals(10, stopped.globalStep());
        Trainer resumed = quiet().maxEpochs(2).strategy(ddp(2, 2)).build();
        resumed.fit(new TinyModel(Optimizers.adam(0.05)), new CountingData(8, 128, 32, 4, true),
                dir.resolve("epoch=1-step=10.ckpt").toString());
        assertEquals(whole.globalStep(), resumed.globalStep());
        assertArrayEquals(whole.network().params().data().asFloat(), resumed.network().params().data().asFloat());
    }

    @Test
    void moreWorkersThanTheClusterRunsAtOnceIsOneLine() {
        Trainer trainer = quiet().maxEpochs(1).strategy(Ddp.builder().numWorkers(3).timeoutSeconds(1).build()).build();
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new CountingData(8, 64, 32, 4, true)));
        assertTrue(error.getMessage().startsWith("ddp needs its 3 workers' tasks running at once, but the cluster (local[2,4]) runs 2"),
                error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void dynamicAllocationIsRefused() {
        spark.sc().conf().set("spark.dynamicAllocation.enabled", "true");
        try {
            Trainer trainer = quiet().maxEpochs(1).strategy(ddp(2, 2)).build();
            SparkboltException error = assertThrows(SparkboltException.class,
                    () -> trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new CountingData(8, 64, 32, 4, true)));
            assertTrue(error.getMessage().contains("spark.dynamicAllocation.enabled=false"), error.getMessage());
        } finally {
            spark.sc().conf().remove("spark.dynamicAllocation.enabled");
        }
    }

    @Test
    void aWorkerWithoutTrainingDataIsNamed() {
        Trainer trainer = quiet().maxEpochs(1).strategy(ddp(2, 2)).build();
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new CountingData(8, 64, 32, 1, true)));
        assertTrue(error.getMessage().startsWith("ddp: worker 1 of 2 has no training batch"), error.getMessage());
    }

    @Test
    void configAndOptionsDefinitions() {
        Ddp fromConfig = (Ddp) StrategyProvider.named("ddp").create(Map.of("numWorkers", 2, "segmentSteps", 7), SparkSettings.defaults());
        assertEquals(7, fromConfig.options().segmentSteps());
        assertEquals(Ddp.builder().build().options(), StrategyProvider.named("ddp").create(Map.of(), SparkSettings.defaults()) instanceof Ddp d
                ? d.options() : null);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> StrategyProvider.named("ddp").create(Map.of("segmentStep", 3), SparkSettings.defaults()));
        assertTrue(unknown.getMessage().contains("did you mean segmentSteps"), unknown.getMessage());
        SparkboltException range = assertThrows(SparkboltException.class, () -> Ddp.builder().segmentSteps(0).build());
        assertTrue(range.getMessage().contains("segmentSteps must be >= 1"));
    }
}

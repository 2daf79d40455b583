package io.sparkbolt.averaging;

import io.sparkbolt.trainer.workers.TaskFaults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerBuilder;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.Reduction;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.predict.PredictionOutput;
import io.sparkbolt.trainer.predict.PredictionSummary;
import io.sparkbolt.trainer.strategy.Strategies;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.testing.LocalSpark;
import io.sparkbolt.trainer.testing.TinyModel;
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
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Parameter averaging on a local[2] Spark context shared by the class (tasks retried up to 4 times). */
class ParameterAveragingTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start("parameter-averaging-test");
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

    private static ParameterAveraging averaging(int workers, int k) {
        return ParameterAveraging.builder().numWorkers(workers).averagingFrequency(k).build();
    }

    /** 4 shards of 16 training examples (2 batches of 8 each), 2 validation shards. */
    private static CountingData data() {
        return new CountingData(8, 64, 32, 4, true);
    }

    private static INDArray fit(Strategy strategy, LightningModule model, DataModule data, int epochs) {
        Trainer trainer = quiet().maxEpochs(epochs).strategy(strategy).build();
        trainer.fit(model, data);
        return trainer.network().params().dup();
    }

    @Test
    void prepareOnceSetupOncePerJvmAndCallbacksOnlyOnTheDriver() {
        AtomicInteger epochEnds = new AtomicInteger();
        AtomicBoolean inTask = new AtomicBoolean();
        Thread driver = Thread.currentThread();
        Callback counter = new Callback() {
            @Override
            public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
                epochEnds.incrementAndGet();
                inTask.compareAndSet(false, TaskContext.get() != null || Thread.currentThread() != driver);
            }

            @Override
            public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
                inTask.compareAndSet(false, TaskContext.get() != null || Thread.currentThread() != driver);
            }
        };
        Trainer trainer = quiet().maxEpochs(3).strategy(averaging(2, 1)).callbacks(counter).build();
        trainer.fit(new TinyModel(Optimizers.adam(0.05)), data());
        assertEquals(1, CountingData.PREPARES.get());
        assertEquals(1, CountingData.SETUPS.get(Stage.FIT).get(), "one executor JVM: setup once, not per task or round");
        assertEquals(1, CountingData.TEARDOWNS.get(Stage.FIT).get());
        assertEquals(3, epochEnds.get());
        assertFalse(inTask.get(), "callbacks ran inside a task");
        assertEquals(3 * 4, trainer.globalStep(), "each worker takes 4 steps per epoch (2 shards of 2 batches)");
    }

    @Test
    void sameSeedGivesBitIdenticalParametersAcrossRuns() {
        INDArray first = fit(averaging(2, 3), new TinyModel(Optimizers.adam(0.05), 0.8), data(), 2);
        INDArray second = fit(averaging(2, 3), new TinyModel(Optimizers.adam(0.05), 0.8), data(), 2);
        assertArrayEquals(first.data().asFloat(), second.data().asFloat());
    }

    @Test
    void oneWorkerAveragingOnceEqualsTheLocalStrategy() {
        ParameterAveraging oneWorker = ParameterAveraging.builder().numWorkers(1).averagingFrequency(1000)
                .shuffleShards(false).build();
        INDArray averaged = fit(oneWorker, new TinyModel(Optimizers.adam(0.05)), data(), 2);
        INDArray local = fit(Strategies.local(), new TinyModel(Optimizers.adam(0.05)), new CountingData(8, 64, 32, 4, false), 2);
        assertArrayEquals(local.data().asFloat(), averaged.data().asFloat());
    }

    @Test
    void doublePrecisionNetworksTravelAndAverageInDouble() {
        INDArray first = fit(quiet().precision("64"), averaging(2, 3), new DeviceRecording(), data(), 2);
        INDArray second = fit(quiet().precision("64"), averaging(2, 3), new DeviceRecording(), data(), 2);
        assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, first.dataType());
        assertArrayEquals(first.data().asDouble(), second.data().asDouble());
        // one worker, one round: exactly the local strategy's double-precision result, so nothing was rounded to float on the way
        ParameterAveraging oneWorker = ParameterAveraging.builder().numWorkers(1).averagingFrequency(1000).shuffleShards(false).build();
        INDArray averaged = fit(quiet().precision("64"), oneWorker, new TinyModel(Optimizers.adam(0.05)), data(), 2);
        INDArray local = fit(quiet().precision("64"), Strategies.local(), new TinyModel(Optimizers.adam(0.05)),
                new CountingData(8, 64, 32, 4, false), 2);
        assertArrayEquals(local.data().asDouble(), averaged.data().asDouble());
        assertEquals(java.util.Set.of("0:CPU", "1:CPU"), DeviceRecording.SEEN, "each task pinned before its steps, in the task itself");
    }

    private static INDArray fit(TrainerBuilder builder, Strategy strategy, LightningModule model, DataModule data, int epochs) {
        Trainer trainer = builder.maxEpochs(epochs).strategy(strategy).build();
        trainer.fit(model, data);
        return trainer.network().params().dup();
    }

    /** Records, from inside its training steps, the device assignment of the task running them. */
    static final class DeviceRecording extends TinyModel {
        static final java.util.Set<String> SEEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

        DeviceRecording() {
            super(Optimizers.adam(0.05));
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            io.sparkbolt.trainer.device.TaskDevice.current().ifPresent(d -> SEEN.add(d.partition() + ":" + d.source()));
            return super.trainingStep(batch, batchIdx);
        }
    }

    /**
     * RELIABILITY.md's task-failure figures: the first attempts of about 30% of the worker tasks
     * fail, before, in the middle of or after their compute; Spark retries them and the fit ends
     * with the parameters of the run without faults, bit for bit.
     */
    @Test
    void injectedTaskFailuresBeforeMidAndAfterComputeChangeNothing() {
        long start = System.nanoTime();
        INDArray clean = fit(averaging(2, 2), new TinyModel(Optimizers.adam(0.05), 0.8), new CountingData(8, 256, 32, 4, true), 3);
        long cleanNanos = System.nanoTime() - start;
        TaskFaults.enable(0.3, 11);
        try {
            start = System.nanoTime();
            INDArray faulty = fit(averaging(2, 2), new TinyModel(Optimizers.adam(0.05), 0.8), new CountingData(8, 256, 32, 4, true), 3);
            long faultyNanos = System.nanoTime() - start;
            assertArrayEquals(clean.data().asFloat(), faulty.data().asFloat());
            int rounds = 3 * (4 + 1); // per epoch: 8 batches per worker at K=2, and one validation round
            System.out.printf("task faults: before=%d mid=%d after=%d, rounds with a failure %d of %d, fit %.1f s vs %.1f s without%n",
                    TaskFaults.injected(TaskFaults.Point.BEFORE_COMPUTE), TaskFaults.injected(TaskFaults.Point.MID_COMPUTE),
                    TaskFaults.injected(TaskFaults.Point.AFTER_COMPUTE), TaskFaults.failedRounds(), rounds,
                    faultyNanos / 1e9, cleanNanos / 1e9);
            for (TaskFaults.Point point : TaskFaults.Point.values()) {
                assertTrue(TaskFaults.injected(point) > 0, "no failure injected at " + point);
            }
            assertTrue(TaskFaults.failedRounds() >= 0.2 * rounds, TaskFaults.failedRounds() + " of " + rounds + " rounds failed");
        } finally {
            TaskFaults.disable();
        }
    }

    /**
     * Predictions written from the executors: whichever point of a predict task fails (before its
     * first part is written, with parts half-written, after its parts were committed), the retried
     * task's parts replace the failed attempt's, and the output equals the undisturbed one file for
     * file, with no duplicate part.
     */
    @Test
    void injectedPredictTaskFailuresLeaveTheSamePartsAndNoDuplicates(@TempDir java.nio.file.Path dir) throws Exception {
        TinyModel model = new TinyModel(Optimizers.adam(0.05));
        Trainer trainer = quiet().maxEpochs(1).strategy(averaging(2, 2)).build();
        trainer.fit(model, data());
        java.nio.file.Path clean = dir.resolve("clean");
        PredictionSummary written = trainer.predict(model, data(), null, PredictionOutput.csv(clean.toString()));
        assertEquals(32, written.rows());
        assertEquals(4, written.parts(), "one part per predict shard, written by the worker that holds it");
        Map<String, String> expected = files(clean);
        java.util.Set<TaskFaults.Point> injected = java.util.EnumSet.noneOf(TaskFaults.Point.class);
        for (long seed = 1; seed <= 8 && injected.size() < TaskFaults.Point.values().length; seed++) {
            TaskFaults.enable(1.0, seed); // every first attempt fails, at a point the seed picks
            try {
                java.nio.file.Path faulty = dir.resolve("faulty-" + seed);
                trainer.predict(model, data(), null, PredictionOutput.csv(faulty.toString()));
                for (TaskFaults.Point point : TaskFaults.Point.values()) {
                    if (TaskFaults.injected(point) > 0) {
                        injected.add(point);
                    }
                }
                assertEquals(expected, files(faulty), "seed " + seed);
            } finally {
                TaskFaults.disable();
            }
        }
        assertEquals(java.util.EnumSet.allOf(TaskFaults.Point.class), injected, "failures before, during and after the writes");
    }

    private static Map<String, String> files(java.nio.file.Path dir) throws java.io.IOException {
        Map<String, String> contents = new java.util.TreeMap<>();
        try (var files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path file : files.toList()) {
                contents.put(file.getFileName().toString(), java.nio.file.Files.readString(file));
            }
        }
        return contents;
    }

    @Test
    void aRetriedTaskGivesTheSameParameters() {
        INDArray clean = fit(averaging(2, 2), new FailingOnce(false), data(), 2);
        FailingOnce.FAILED.set(false);
        INDArray retried = fit(averaging(2, 2), new FailingOnce(true), data(), 2);
        assertTrue(FailingOnce.FAILED.get(), "the first attempt of a task failed");
        assertArrayEquals(clean.data().asFloat(), retried.data().asFloat());
    }

    /** Fails its first attempt at the third batch of the second epoch, once per JVM. */
    static final class FailingOnce extends TinyModel {
        static final AtomicBoolean FAILED = new AtomicBoolean();
        private final boolean fail;

        FailingOnce(boolean fail) {
            super(Optimizers.adam(0.05));
            this.fail = fail;
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            TaskContext task = TaskContext.get();
            if (fail && currentEpoch() == 1 && batchIdx == 2 && task != null && task.attemptNumber() == 0
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected executor failure");
            }
            return super.trainingStep(batch, batchIdx);
        }
    }

    @Test
    void executorMetricsReachTheDriverReduced() {
        Trainer trainer = quiet().strategy(averaging(2, 1)).build();
        // validation: 2 shards of 16 → each worker runs 2 batches of 8, indices 0 and 1
        Map<String, Double> results = trainer.validate(new LoggingModel(), data());
        assertEquals(0.5, results.get("v_mean"), 1e-12, "mean over 4 equal batches of 0, 1, 0, 1");
        assertEquals(4.0, results.get("v_count"));
        assertEquals(1.0, results.get("v_max"));
        assertEquals(8.0, results.get("v_examples_max"));

        Trainer weighted = quiet().strategy(averaging(2, 1)).build();
        // 40 validation examples in 2 shards of 20: batches of 8, 8, 4 per worker
        Map<String, Double> uneven = weighted.validate(new LoggingModel(), new CountingData(8, 64, 40, 2, true));
        assertEquals((0 * 8 + 1 * 8 + 2 * 4) * 2 / 40.0, uneven.get("v_mean"), 1e-12, "weighted by batch size");
    }

    /** Logs its batch index and batch size under several reductions. */
    static final class LoggingModel extends TinyModel {
        LoggingModel() {
            super(Optimizers.sgd(0.1));
        }

        @Override
        public void validationStep(Batch batch, int batchIdx) {
            log("v_mean", batchIdx);
            log("v_count", 1, LogOptions.defaults().reduce(Reduction.SUM));
            log("v_max", batchIdx, LogOptions.defaults().reduce(Reduction.MAX));
            log("v_examples_max", batch.size(), LogOptions.defaults().reduce(Reduction.MAX));
        }
    }

    @Test
    void shardsAreOpenedOnlyInsideSparkTasks() {
        fit(averaging(2, 2), new TinyModel(Optimizers.sgd(0.1)), data(), 1);
        assertTrue(CountingData.OPENS.get() > 0);
        Trainer local = quiet().maxEpochs(1).build();
        SparkboltException outside = assertThrows(SparkboltException.class,
                () -> local.fit(new TinyModel(Optimizers.sgd(0.1)), data()));
        assertTrue(outside.getMessage().contains("outside a Spark task"), outside.getMessage());
    }

    @Test
    void withoutAnExecutorCacheTrainingStreamsAndGivesTheSameResult() {
        INDArray cached = fit(averaging(2, 1), new TinyModel(Optimizers.adam(0.05)), data(), 2);
        int cachedOpens = CountingData.OPENS.get();
        CountingData.reset();
        ParameterAveraging streaming = ParameterAveraging.builder().numWorkers(2).averagingFrequency(1).cacheSize(0).build();
        INDArray streamed = fit(streaming, new TinyModel(Optimizers.adam(0.05)), data(), 2);
        assertArrayEquals(cached.data().asFloat(), streamed.data().asFloat());
        assertTrue(CountingData.OPENS.get() > cachedOpens, "streaming re-opens shards every round: "
                + CountingData.OPENS.get() + " vs " + cachedOpens);
    }

    @Test
    void roundsReportWhereTheTimeWent() {
        ParameterAveraging strategy = averaging(2, 2);
        Trainer trainer = quiet().maxEpochs(1).logEveryNSteps(1).strategy(strategy).build();
        trainer.fit(new TinyModel(Optimizers.sgd(0.1)), data());
        for (String part : List.of("round_broadcast_s", "round_compute_s", "round_aggregate_s", "round_driver_s")) {
            assertTrue(trainer.callbackMetrics().containsKey(part), part);
        }
        assertEquals(2, strategy.timings().rounds().size(), "4 steps per worker, K = 2");
        assertTrue(strategy.timings().rounds().get(0).computeSeconds() > 0);
    }

    @Test
    void optionsAreValidated() {
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> ParameterAveraging.builder().averagingFrequency(0).build());
        assertTrue(error.getMessage().contains("averagingFrequency must be >= 1"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new ParameterAveragingProvider().create(Map.of("averagingFrequncy", 4), null));
        assertTrue(unknown.getMessage().contains("has no option 'averagingFrequncy'"));
    }

    @Test
    void aNanLossOnAnExecutorIsOneClearLine() {
        Trainer trainer = quiet().maxEpochs(1).strategy(averaging(2, 2)).build();
        SparkboltException error = assertThrows(SparkboltException.class, () -> trainer.fit(new Exploding(), data()));
        assertTrue(error.getMessage().startsWith("training loss is NaN at epoch 0, batch 1"), error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void parametersThatTurnNanOnAWorkerStopTheFitAtThatRound() {
        TinyModel poisoning = new PoisoningLastStep();
        Trainer trainer = quiet().maxEpochs(1).strategy(averaging(2, 2)).build();
        SparkboltException error = assertThrows(SparkboltException.class, () -> trainer.fit(poisoning, data()));
        assertTrue(error.getMessage().startsWith("parameters are NaN after the training round at epoch 0, batches 0..1 (global steps 1..2)"),
                error.getMessage());
    }

    /** A finite loss at every step, but the first round's last step leaves a parameter NaN. */
    static final class PoisoningLastStep extends TinyModel {
        PoisoningLastStep() {
            super(Optimizers.sgd(0.1));
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            StepOutput out = super.trainingStep(batch, batchIdx);
            if (batchIdx == 1) {
                network().params().putScalar(0, Double.NaN);
            }
            return out;
        }
    }

    @Test
    void aModuleThatCannotBeSerialisedIsNamed() {
        TinyModel capturing = new TinyModel(Optimizers.sgd(0.1)) {
            // an anonymous class holds its enclosing test instance, which is not serialisable
        };
        Trainer trainer = quiet().maxEpochs(1).strategy(averaging(2, 2)).build();
        SparkboltException error = assertThrows(SparkboltException.class, () -> trainer.fit(capturing, data()));
        assertTrue(error.getMessage().contains("cannot be sent to executors"), error.getMessage());
    }

    /** Reports a NaN loss at its second batch. */
    static final class Exploding extends TinyModel {
        Exploding() {
            super(Optimizers.sgd(0.1));
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            StepOutput out = super.trainingStep(batch, batchIdx);
            return batchIdx == 1 ? new StepOutput(Double.NaN, out.examples()) : out;
        }
    }
}

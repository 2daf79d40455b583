package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.testing.Recorder;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each Trainer flag's effect on step and epoch counts, validation cadence and data reads. */
class TrainerFlagsTest {

    private static MlpClassifier model() {
        return new MlpClassifier(List.of(8), 0.01);
    }

    private static long count(List<String> events, String event) {
        return Collections.frequency(events, event);
    }

    @Test
    void maxEpochsRunsEveryBatchOfEachEpoch() {
        Recorder recorder = new Recorder();
        Trainer trainer = TestTrainers.quiet().maxEpochs(2).callbacks(recorder).build();
        trainer.fit(model(), SyntheticData.small());
        assertEquals(2, trainer.currentEpoch());
        assertEquals(16, trainer.globalStep());
        assertEquals(16, count(recorder.events(), "callback.on_train_batch_end"));
        assertEquals(2, count(recorder.events(), "callback.on_validation_end"));
    }

    @Test
    void maxStepsStopsInTheMiddleOfAnEpoch() {
        Trainer trainer = TestTrainers.quiet().maxSteps(5).build();
        trainer.fit(model(), SyntheticData.small());
        assertEquals(5, trainer.globalStep());
        assertEquals(-1, trainer.settings().stopping().maxEpochs());
    }

    @Test
    void limitTrainBatchesTakesCountsAndFractions() {
        Trainer counted = TestTrainers.quiet().maxEpochs(2).limitTrainBatches(3).build();
        counted.fit(model(), SyntheticData.small());
        assertEquals(6, counted.globalStep());

        Trainer fraction = TestTrainers.quiet().maxEpochs(1).limitTrainBatches(0.5).build();
        fraction.fit(model(), SyntheticData.small());
        assertEquals(4, fraction.globalStep());
    }

    @Test
    void limitValBatchesBoundsValidation() {
        Recorder recorder = new Recorder();
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).limitValBatches(2).callbacks(recorder).build();
        trainer.fit(model(), SyntheticData.small());
        assertEquals(2, count(recorder.events(), "callback.on_validation_batch_end"));

        Recorder none = new Recorder();
        Trainer off = TestTrainers.quiet().maxEpochs(1).limitValBatches(0).callbacks(none).build();
        off.fit(model(), SyntheticData.small());
        assertEquals(0, count(none.events(), "callback.on_validation_start"));
    }

    @Test
    void valCheckIntervalAsFractionAndAsCount() {
        Recorder quarter = new Recorder();
        TestTrainers.quiet().maxEpochs(1).valCheckInterval(0.25).callbacks(quarter).build()
                .fit(model(), SyntheticData.small());
        assertEquals(4, count(quarter.events(), "callback.on_validation_end"));

        Recorder every3 = new Recorder();
        TestTrainers.quiet().maxEpochs(1).valCheckInterval(3).callbacks(every3).build()
                .fit(model(), SyntheticData.small());
        assertEquals(2, count(every3.events(), "callback.on_validation_end"), "after batches 3 and 6 of 8");
    }

    @Test
    void checkValEveryNEpochSkipsEpochs() {
        Recorder recorder = new Recorder();
        TestTrainers.quiet().maxEpochs(4).checkValEveryNEpoch(2).callbacks(recorder).build()
                .fit(model(), SyntheticData.small());
        assertEquals(2, count(recorder.events(), "callback.on_validation_end"));
    }

    @Test
    void sanityCheckRunsTheRequestedBatchesAndItsMetricsAreSeenOnlyInOnSanityCheckEnd() {
        int[] sanityBatches = {0};
        Callback counter = new Callback() {
            @Override
            public void onValidationBatchEnd(Trainer trainer, LightningModule module, int batchIdx) {
                if (trainer.isSanityChecking()) {
                    sanityBatches[0]++;
                }
            }

            @Override
            public void onSanityCheckEnd(Trainer trainer, LightningModule module) {
                // as Lightning: callback_metrics hold the sanity run's values in on_sanity_check_end, then are reset
                org.junit.jupiter.api.Assertions.assertTrue(trainer.callbackMetrics().containsKey("val_loss"), "seen by callbacks");
            }

            @Override
            public void onTrainStart(Trainer trainer, LightningModule module) {
                assertFalse(trainer.callbackMetrics().containsKey("val_loss"), "forgotten after the sanity check");
            }
        };
        io.sparkbolt.trainer.testing.MemoryLogger logger = new io.sparkbolt.trainer.testing.MemoryLogger();
        TestTrainers.quiet().maxEpochs(1).numSanityValSteps(3).loggers(List.of(logger)).callbacks(counter).build()
                .fit(model(), SyntheticData.small());
        assertEquals(1, logger.rows().stream().filter(r -> r.metrics().containsKey("val_loss")).count(),
                "only the epoch's validation reaches the loggers, not the sanity check");
        assertEquals(3, sanityBatches[0]);
    }

    @Test
    void fastDevRunRunsOneBatchOfEachAndWritesNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) {
        Recorder recorder = new Recorder();
        Trainer trainer = Trainer.builder().fastDevRun(true).maxEpochs(10).defaultRootDir(root.toString())
                .enableProgressBar(false).enableModelSummary(false).callbacks(recorder).build();
        trainer.fit(model(), SyntheticData.small());
        assertEquals(1, trainer.globalStep());
        assertEquals(1, trainer.currentEpoch());
        assertEquals(1, count(recorder.events(), "callback.on_validation_batch_end"));
        assertEquals(0, count(recorder.events(), "callback.on_sanity_check_start"));
        assertTrue(trainer.getLoggers().isEmpty());
        assertEquals(0, root.toFile().list().length, "no logs or checkpoints under " + root);
    }

    @Test
    void overfitBatchesRepeatsTheSameUnshuffledBatches() {
        SyntheticData data = SyntheticData.small();
        Recorder recorder = new Recorder();
        Trainer trainer = TestTrainers.quiet().maxEpochs(3).overfitBatches(2).callbacks(recorder).build();
        trainer.fit(model(), data);
        assertEquals(6, trainer.globalStep());
        assertEquals(6, count(recorder.events(), "callback.on_validation_batch_end"));
        assertTrue(data.reads.stream().filter(r -> r.split() == Split.TRAIN).noneMatch(ShardRead::shuffle));
    }

    @Test
    void trainingShufflesDifferentlyEachEpoch() {
        SyntheticData data = SyntheticData.small();
        TestTrainers.quiet().maxEpochs(2).build().fit(model(), data);
        List<ShardRead> train = data.reads.stream().filter(r -> r.split() == Split.TRAIN).toList();
        assertEquals(2, train.size());
        assertTrue(train.get(0).shuffle());
        assertTrue(train.get(0).shuffleSeed() != train.get(1).shuffleSeed());
    }

    @Test
    void accumulateGradBatchesStepsOncePerGroupAndFlushesTheRest() {
        Trainer even = TestTrainers.quiet().maxEpochs(1).accumulateGradBatches(2).build();
        even.fit(model(), SyntheticData.small());
        assertEquals(4, even.globalStep());

        Trainer uneven = TestTrainers.quiet().maxEpochs(1).accumulateGradBatches(3).build();
        uneven.fit(model(), SyntheticData.small());
        assertEquals(3, uneven.globalStep(), "8 batches: 3 + 3 + the last 2");
    }

    @Test
    void maxTimeStopsEarly() {
        Callback slow = new Callback() {
            @Override
            public void onTrainBatchEnd(Trainer trainer, LightningModule module, io.sparkbolt.trainer.api.StepOutput outputs, int batchIdx) {
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Trainer trainer = TestTrainers.quiet().maxEpochs(100).maxTime(Duration.ofMillis(300)).callbacks(slow).build();
        trainer.fit(model(), SyntheticData.small());
        assertTrue(trainer.globalStep() < 100 * 8, "stopped by time after " + trainer.globalStep() + " steps");
        assertTrue(trainer.currentEpoch() < 100);
    }

    @Test
    void stopRequestsWaitForMinEpochs() {
        Callback stopper = new Callback() {
            @Override
            public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
                trainer.requestStop("test");
            }
        };
        Trainer trainer = TestTrainers.quiet().maxEpochs(10).minEpochs(3).callbacks(stopper).build();
        trainer.fit(model(), SyntheticData.small());
        assertEquals(3, trainer.currentEpoch());
        assertEquals("test", trainer.stopReason());
    }

    @Test
    void logEveryNStepsSetsHowOftenLoggersHearOfSteps() {
        io.sparkbolt.trainer.testing.MemoryLogger logger = new io.sparkbolt.trainer.testing.MemoryLogger();
        TestTrainers.quiet().maxEpochs(1).logEveryNSteps(2).limitValBatches(0).loggers(logger).build()
                .fit(model(), SyntheticData.small());
        List<Long> trainSteps = logger.rows().stream().filter(r -> r.metrics().containsKey("train_loss"))
                .map(io.sparkbolt.trainer.testing.MemoryLogger.Row::step).toList();
        assertEquals(List.of(2L, 4L, 6L, 8L), trainSteps);
    }
}

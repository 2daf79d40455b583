package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.Reduction;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.metrics.MetricAccumulator;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** log(...) with Lightning's defaults and reductions. */
class LogReductionTest {

    /** Logs the batch index in every way a test wants to check. */
    static final class LoggingModel extends TinyModel {
        LoggingModel() {
            super(Optimizers.sgd(0.1));
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            StepOutput out = super.trainingStep(batch, batchIdx);
            log("idx", batchIdx, LogOptions.defaults().onStep(true).onEpoch(true));
            log("hidden", 1.0, LogOptions.defaults().logger(false).withProgBar(true));
            return out;
        }

        @Override
        public void validationStep(Batch batch, int batchIdx) {
            log("v_mean", batchIdx);
            log("v_sum", 1.0, LogOptions.defaults().reduce(Reduction.SUM));
            log("v_max", batchIdx, LogOptions.defaults().reduce(Reduction.MAX));
            log("v_min", batchIdx, LogOptions.defaults().reduce(Reduction.MIN));
        }

        @Override
        public void onTrainEpochEnd() {
            log("from_driver", 5.0);
        }
    }

    @Test
    void validationValuesAreReducedOverTheEpochWeightedByBatchSize() {
        // 28 validation examples in batches of 8: sizes 8, 8, 8, 4
        Trainer trainer = TestTrainers.quiet().build();
        Map<String, Double> results = trainer.validate(new LoggingModel(), new SyntheticData(8, 64, 28, 1));
        assertEquals((0 * 8 + 1 * 8 + 2 * 8 + 3 * 4) / 28.0, results.get("v_mean"), 1e-12);
        assertEquals(4.0, results.get("v_sum"));
        assertEquals(3.0, results.get("v_max"));
        assertEquals(0.0, results.get("v_min"));
    }

    @Test
    void trainingValuesLoggedPerStepAndPerEpochGetBothNames() {
        MemoryLogger logger = new MemoryLogger();
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).logEveryNSteps(1).limitValBatches(0).loggers(logger).build();
        trainer.fit(new LoggingModel(), SyntheticData.small());
        Map<String, Double> metrics = trainer.callbackMetrics();
        assertEquals(7.0, metrics.get("idx_step"), "the last step's value");
        assertEquals(3.5, metrics.get("idx_epoch"), "the mean over the epoch's 8 equal batches");
        assertEquals(5.0, metrics.get("from_driver"), "values logged in driver-side hooks join the epoch");
        assertTrue(trainer.progressBarMetrics().containsKey("hidden"));
        assertFalse(trainer.loggedMetrics().containsKey("hidden"), "logger(false) keeps it from the loggers");
        assertTrue(logger.rows().stream().anyMatch(r -> r.metrics().containsKey("idx_epoch") && r.metrics().containsKey("epoch")));
        assertEquals("success", logger.status());
    }

    @Test
    void accumulatorsMergeInAnyOrder() {
        MetricAccumulator a = new MetricAccumulator(Reduction.MEAN);
        a.add(1.0, 3);
        MetricAccumulator b = new MetricAccumulator(Reduction.MEAN);
        b.add(5.0, 1);
        MetricAccumulator ab = a.copy();
        ab.merge(b);
        MetricAccumulator ba = b.copy();
        ba.merge(a);
        assertEquals(2.0, ab.value());
        assertEquals(ab.value(), ba.value());
        MetricAccumulator max = new MetricAccumulator(Reduction.MAX);
        max.add(2, 1);
        MetricAccumulator other = new MetricAccumulator(Reduction.MAX);
        other.add(9, 1);
        max.merge(other);
        assertEquals(9.0, max.value());
    }
}

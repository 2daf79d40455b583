package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.Interval;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.EarlyStopping;
import io.sparkbolt.trainer.callbacks.LambdaCallback;
import io.sparkbolt.trainer.callbacks.LearningRateMonitor;
import io.sparkbolt.trainer.callbacks.ModelSummary;
import io.sparkbolt.trainer.callbacks.ProgressBar;
import io.sparkbolt.trainer.callbacks.Timer;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The built-in callbacks: early stopping, learning-rate monitor, timer, lambdas. */
class CallbacksTest {

    /** Logs {@code val_metric} from a list of values, one per epoch's validation run. */
    static final class ScriptedMetric extends TinyModel {
        private static final long serialVersionUID = 1L;
        private final double[] values;

        ScriptedMetric(double... values) {
            super(Optimizers.adam(1e-3));
            this.values = values;
        }

        @Override
        public void validationStep(Batch batch, int batchIdx) {
            log("val_metric", values[Math.min(currentEpoch(), values.length - 1)]);
        }
    }

    private static int epochsRun(EarlyStopping stopping, double... values) {
        AtomicInteger epochs = new AtomicInteger();
        Trainer trainer = TestTrainers.quiet().maxEpochs(values.length + 5)
                .callbacks(stopping, LambdaCallback.builder().onTrainEpochEnd((t, m) -> epochs.incrementAndGet()).build())
                .build();
        trainer.fit(new ScriptedMetric(values), SyntheticData.small());
        return epochs.get();
    }

    @Test
    void earlyStoppingCountsValidationChecksWithoutImprovement() {
        EarlyStopping stopping = new EarlyStopping("val_metric", "min", 2);
        // improves for 3 checks, then stalls: stops after the 2nd check without improvement
        assertEquals(5, epochsRun(stopping, 5, 4, 3, 3.5, 3.2, 1, 1));
        assertEquals(3.0, stopping.bestScore());
        assertEquals(4, stopping.stoppedEpoch());
        assertTrue(stopping.reason().contains("did not improve"), stopping.reason());
    }

    @Test
    void earlyStoppingMinDeltaModeAndThresholds() {
        EarlyStopping delta = new EarlyStopping("val_metric", "max", 1, 0.1, true, null, null, true, null);
        assertNull(delta.decide(0.5));
        assertTrue(delta.decide(0.55) != null, "0.05 better is within minDelta: no improvement, patience 1 exhausted");

        EarlyStopping threshold = new EarlyStopping("val_metric", "min", 10, 0, true, 0.2, null, true, null);
        assertNull(threshold.decide(0.5));
        assertTrue(threshold.decide(0.19).contains("stopping threshold"));

        EarlyStopping divergence = new EarlyStopping("val_metric", "min", 10, 0, true, null, 3.0, true, null);
        assertNull(divergence.decide(2.0));
        assertTrue(divergence.decide(3.5).contains("divergence threshold"));

        EarlyStopping finite = new EarlyStopping("val_metric", "min", 10);
        assertTrue(finite.decide(Double.NaN).contains("not finite"));
        assertEquals(2, epochsRun(new EarlyStopping("val_metric", "min", 10), 1.0, Double.NaN, 0.5));
    }

    @Test
    void earlyStoppingStateRoundTripsAndBadArgumentsFail() {
        EarlyStopping stopping = new EarlyStopping("val_metric", "min", 3);
        stopping.decide(1.0);
        stopping.decide(2.0);
        EarlyStopping restored = new EarlyStopping("val_metric", "min", 3);
        restored.loadState(stopping.state());
        assertEquals(1.0, restored.bestScore());
        assertEquals(1, restored.waitCount());

        assertThrows(SparkboltException.class, () -> new EarlyStopping("val_loss", "lowest", 3));
        assertThrows(SparkboltException.class, () -> new EarlyStopping("val_loss", "min", -1));
        SparkboltException missing = assertThrows(SparkboltException.class, () -> TestTrainers.quiet().maxEpochs(2)
                .callbacks(new EarlyStopping("val_lost", "min", 3)).build().fit(new TinyModel(Optimizers.adam(1e-3)), SyntheticData.small()));
        assertTrue(missing.getMessage().contains("monitor 'val_lost' was not logged"), missing.getMessage());
    }

    @Test
    void learningRateMonitorLogsTheScheduledRate() {
        MemoryLogger logger = new MemoryLogger();
        Optimizers stepped = Optimizers.adam(0.01).stepDecay(0.5, 1, Interval.EPOCH);
        Trainer trainer = TestTrainers.quiet().maxEpochs(3).loggers(List.of(logger))
                .callbacks(new LearningRateMonitor("epoch")).build();
        trainer.fit(new TinyModel(stepped), SyntheticData.small());
        List<Double> rates = new ArrayList<>();
        for (MemoryLogger.Row row : logger.rows()) {
            if (row.metrics().containsKey("lr-Adam")) {
                rates.add(row.metrics().get("lr-Adam"));
            }
        }
        assertEquals(List.of(0.01, 0.005, 0.0025), rates);

        MemoryLogger perStep = new MemoryLogger();
        Trainer stepTrainer = TestTrainers.quiet().maxEpochs(1).loggers(List.of(perStep))
                .callbacks(new LearningRateMonitor("step")).build();
        stepTrainer.fit(new TinyModel(Optimizers.adam(0.003)), SyntheticData.small());
        long steps = perStep.rows().stream().filter(row -> row.metrics().containsKey("lr-Adam")).count();
        assertEquals(stepTrainer.globalStep(), steps);
        assertThrows(SparkboltException.class, () -> new LearningRateMonitor("batch"));
    }

    @Test
    void timerStopsTrainingWhenTheBudgetIsUsed() {
        Timer timer = new Timer(Duration.ofMillis(1));
        Trainer trainer = TestTrainers.quiet().maxEpochs(50).callbacks(timer).build();
        trainer.fit(new TinyModel(Optimizers.adam(1e-3)), SyntheticData.small());
        assertTrue(trainer.currentEpoch() < 50, "stopped early");
        assertTrue(trainer.stopReason().startsWith("Timer:"), trainer.stopReason());
        assertTrue(timer.timeElapsed("train") > 0);
        assertEquals(Duration.ofSeconds(90).toMillis(), Math.round(new Timer("90s", "epoch").timeRemaining() * 1000));
        assertEquals(Duration.ofHours(26).toMillis(), Math.round(new Timer("01:02:00:00", "step").timeRemaining() * 1000));
        assertThrows(SparkboltException.class, () -> new Timer("soon", "step"));
    }

    @Test
    void modelSummaryCountsParametersAndTheirMemory() {
        java.io.ByteArrayOutputStream out = new ByteArrayOutputStream();
        Trainer trainer = TestTrainers.quiet().maxEpochs(1)
                .callbacks(new ModelSummary(new PrintStream(out, true))).build();
        trainer.fit(new TinyModel(Optimizers.adam(0.01)), SyntheticData.small());
        String table = out.toString();
        int params = 8 * 16 + 16 + 16 * 3 + 3;
        assertTrue(table.contains(params + "        Trainable params"), table);
        assertTrue(table.contains("0          Non-trainable params"), table);
        assertTrue(table.contains(String.format("%-10.3f Total estimated model params size (MB)", params * 4 / 1e6)), table);
        assertTrue(table.contains(String.format("%-10.3f Optimizer state size (MB)", 2 * params * 4 / 1e6)), "Adam keeps two moments: " + table);
    }

    @Test
    void withoutATerminalTheProgressBarPrintsOneLinePerEpoch() {
        java.io.ByteArrayOutputStream out = new ByteArrayOutputStream();
        Trainer trainer = TestTrainers.quiet().maxEpochs(2)
                .callbacks(new ProgressBar(5, false, new PrintStream(out, true))).build();
        trainer.fit(new TinyModel(Optimizers.adam(0.01)), SyntheticData.small());
        List<String> lines = out.toString().lines().toList();
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(1).startsWith("Epoch 1: 8/8 batches ") && lines.get(1).contains("samples/s"), lines.get(1));
        assertThrows(SparkboltException.class, () -> new ProgressBar(0));
    }
}

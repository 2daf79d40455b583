package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Durations;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.StepOutput;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Stops training after a wall-clock duration, as Lightning's {@code Timer}: checked after every
 * training round (or epoch), stopping through the Trainer's stop flag. It also measures the time
 * spent in each stage ({@link #timeElapsed(String)}); the elapsed training time is saved in
 * checkpoints, so a resumed run continues the same budget.
 *
 * <pre>{@code callbacks: [{class: Timer, args: {duration: "00:12:00:00", interval: step}}]}</pre>
 */
public final class Timer implements Callback {
    private final Duration duration;
    private final boolean everyStep;
    private final Map<String, Long> startedAt = new LinkedHashMap<>();
    private final Map<String, Long> elapsed = new LinkedHashMap<>();

    /**
     * @param duration {@code DD:HH:MM:SS}, or a number with a unit ({@code 90s}, {@code 15m}, {@code 2h})
     * @param interval {@code step} or {@code epoch}: when the budget is checked
     */
    public Timer(@Arg(value = "duration", description = "DD:HH:MM:SS, or 90s / 15m / 2h") String duration,
                 @Arg(value = "interval", defaultValue = "step", description = "step or epoch: when the budget is checked") String interval) {
        this.duration = parse(duration);
        String value = interval == null ? "" : interval.trim().toLowerCase(Locale.ROOT);
        if (!value.equals("step") && !value.equals("epoch")) {
            throw new SparkboltException("Timer: interval must be step or epoch, got '" + interval + "'");
        }
        this.everyStep = value.equals("step");
    }

    /** Stops after {@code duration}, checked every step. */
    public Timer(Duration duration) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new SparkboltException("Timer: duration must be positive, got " + duration);
        }
        this.duration = duration;
        this.everyStep = true;
    }

    private static Duration parse(String text) {
        return Durations.parsePositive("Timer: duration", text);
    }

    @Override
    public void onTrainStart(Trainer trainer, LightningModule module) {
        start("train");
    }

    @Override
    public void onTrainEnd(Trainer trainer, LightningModule module) {
        stop("train");
    }

    @Override
    public void onValidationStart(Trainer trainer, LightningModule module) {
        start("validate");
    }

    @Override
    public void onValidationEnd(Trainer trainer, LightningModule module) {
        stop("validate");
    }

    @Override
    public void onTestStart(Trainer trainer, LightningModule module) {
        start("test");
    }

    @Override
    public void onTestEnd(Trainer trainer, LightningModule module) {
        stop("test");
    }

    @Override
    public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
        if (everyStep) {
            checkBudget(trainer);
        }
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        checkBudget(trainer);
    }

    private void checkBudget(Trainer trainer) {
        if (timeElapsed("train") >= duration.toMillis() / 1000.0) {
            trainer.requestStop("Timer: the time budget of " + duration + " is used up");
        }
    }

    private void start(String stage) {
        startedAt.put(stage, System.nanoTime());
    }

    private void stop(String stage) {
        Long start = startedAt.remove(stage);
        if (start != null) {
            elapsed.merge(stage, System.nanoTime() - start, Long::sum);
        }
    }

    /** Seconds spent in {@code stage} ({@code train}, {@code validate}, {@code test}), including a running one. */
    public double timeElapsed(String stage) {
        long total = elapsed.getOrDefault(stage, 0L);
        Long start = startedAt.get(stage);
        if (start != null) {
            total += System.nanoTime() - start;
        }
        return total / 1e9;
    }

    /** Seconds left of the training budget. */
    public double timeRemaining() {
        return Math.max(0, duration.toMillis() / 1000.0 - timeElapsed("train"));
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("elapsedSeconds", Map.of("train", timeElapsed("train"), "validate", timeElapsed("validate"),
                "test", timeElapsed("test")));
        return state;
    }

    @Override
    public void loadState(Map<String, Object> state) {
        if (state.get("elapsedSeconds") instanceof Map<?, ?> saved) {
            saved.forEach((stage, seconds) -> elapsed.put(String.valueOf(stage), Math.round(((Number) seconds).doubleValue() * 1e9)));
        }
    }
}

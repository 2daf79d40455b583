package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.ArgDefaults;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.checkpoint.StateValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops training when a monitored metric stops improving, as Lightning's {@code EarlyStopping}:
 * the metric is checked at the end of each training epoch ({@code checkOnTrainEpochEnd}; by
 * default when validation runs once at every epoch's end, so the check sees that validation and the
 * epoch's training metrics) or else after every validation run, counting {@code patience} checks
 * without an improvement larger than {@code minDelta}. It also stops at once when the metric is NaN or infinite
 * ({@code checkFinite}), reaches {@code stoppingThreshold}, or gets worse than
 * {@code divergenceThreshold}. Stopping goes through the Trainer's stop flag, so it happens at the
 * next round boundary once {@code minEpochs} are done. Its counters are saved in checkpoints.
 *
 * <pre>{@code callbacks: [{class: EarlyStopping, args: {monitor: val_loss, mode: min, patience: 3}}]}</pre>
 */
public final class EarlyStopping implements Callback {
    private static final ArgDefaults DEFAULTS = ArgDefaults.of(EarlyStopping.class);

    private static final Logger LOG = LoggerFactory.getLogger(EarlyStopping.class);
    private static final String NAME = "EarlyStopping";

    private final String monitor;
    private final MonitorMode mode;
    private final int patience;
    private final double minDelta;
    private final boolean checkFinite;
    private final double stoppingThreshold;
    private final double divergenceThreshold;
    private final boolean strict;
    private final Boolean checkOnTrainEpochEnd;
    private boolean checksAtTrainEpochEnd;
    private double best;
    private int waitCount;
    private int stoppedEpoch = -1;
    private String reason;

    /**
     * @param monitor             the metric to watch, e.g. {@code val_loss}
     * @param mode                {@code min} or {@code max}
     * @param patience            checks without improvement before stopping
     * @param minDelta            smallest change that counts as an improvement
     * @param checkFinite         stop when the metric is NaN or infinite
     * @param stoppingThreshold   stop once the metric is at least this good ({@code null}: off)
     * @param divergenceThreshold stop once the metric is worse than this ({@code null}: off)
     * @param strict              fail when the metric is never logged (else warn and do nothing)
     * @param checkOnTrainEpochEnd check at the end of each training epoch ({@code true}) or after each
     *                            validation run ({@code false}); {@code null}: Lightning's rule, at the
     *                            epoch's end when validation runs once at every epoch's end
     */
    public EarlyStopping(@Arg(value = "monitor", defaultValue = "val_loss", description = "metric to watch") String monitor,
                         @Arg(value = "mode", defaultValue = "min", description = "min or max: which way is better") String mode,
                         @Arg(value = "patience", defaultValue = "3", description = "checks without improvement before stopping") int patience,
                         @Arg(value = "minDelta", defaultValue = "0.0", description = "smallest change that counts as an improvement") double minDelta,
                         @Arg(value = "checkFinite", defaultValue = "true", description = "stop when the metric is NaN or infinite") boolean checkFinite,
                         @Arg(value = "stoppingThreshold", defaultValue = "~", description = "stop once the metric is this good (~: off)") Double stoppingThreshold,
                         @Arg(value = "divergenceThreshold", defaultValue = "~", description = "stop once the metric is worse than this (~: off)") Double divergenceThreshold,
                         @Arg(value = "strict", defaultValue = "true", description = "fail when the metric is never logged") boolean strict,
                         @Arg(value = "checkOnTrainEpochEnd", defaultValue = "~", description = "check at each training epoch's end (true) or after each validation (false); ~: at the epoch's end when validation runs at every epoch's end") Boolean checkOnTrainEpochEnd) {
        if (monitor == null || monitor.isBlank()) {
            throw new SparkboltException(NAME + ": monitor must name a logged metric, e.g. val_loss");
        }
        if (patience < 0) {
            throw new SparkboltException(NAME + ": patience must be >= 0, got " + patience);
        }
        if (!(minDelta >= 0)) {
            throw new SparkboltException(NAME + ": minDelta must be >= 0, got " + minDelta);
        }
        this.monitor = monitor;
        this.mode = MonitorMode.parse(NAME, mode);
        this.patience = patience;
        this.minDelta = minDelta;
        this.checkFinite = checkFinite;
        this.stoppingThreshold = stoppingThreshold == null ? Double.NaN : stoppingThreshold;
        this.divergenceThreshold = divergenceThreshold == null ? Double.NaN : divergenceThreshold;
        this.strict = strict;
        this.checkOnTrainEpochEnd = checkOnTrainEpochEnd;
        this.best = this.mode.worst();
    }

    /** Watches {@code monitor} in {@code mode} with Lightning's defaults otherwise (patience 3). */
    public EarlyStopping(String monitor, String mode, int patience) {
        this(monitor, mode, patience, DEFAULTS.get("minDelta"), DEFAULTS.get("checkFinite"), DEFAULTS.get("stoppingThreshold"),
                DEFAULTS.get("divergenceThreshold"), DEFAULTS.get("strict"), DEFAULTS.get("checkOnTrainEpochEnd"));
    }

    @Override
    public CallbackOrder order() {
        return CallbackOrder.MONITORING;
    }

    @Override
    public void setup(Trainer trainer, LightningModule module, Stage stage) {
        checksAtTrainEpochEnd = checkOnTrainEpochEnd != null ? checkOnTrainEpochEnd : trainer.validatesAtEveryEpochEnd();
    }

    /** Fails before training when the sanity check shows the monitor will never be logged ({@code strict} only). */
    @Override
    public void onSanityCheckEnd(Trainer trainer, LightningModule module) {
        if (strict) {
            Monitors.requireLoggable(NAME, monitor, trainer);
        }
    }

    /** Whether this fit checks at the end of each training epoch (else after each validation run). */
    public boolean checksAtTrainEpochEnd() {
        return checksAtTrainEpochEnd;
    }

    @Override
    public void onValidationEnd(Trainer trainer, LightningModule module) {
        if (!checksAtTrainEpochEnd && trainer.stage() == Stage.FIT && !trainer.isSanityChecking()) {
            check(trainer);
        }
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        if (checksAtTrainEpochEnd) {
            check(trainer);
        }
    }

    private void check(Trainer trainer) {
        Double value = trainer.callbackMetrics().get(monitor);
        if (value == null) {
            if (strict) {
                throw new SparkboltException(NAME + ": monitor '" + monitor + "' was not logged; logged metrics: "
                        + String.join(", ", trainer.callbackMetrics().keySet()) + " (or set strict: false)");
            }
            return;
        }
        String stop = decide(value);
        if (stop != null) {
            reason = stop;
            stoppedEpoch = trainer.currentEpoch();
            LOG.info("{}: {}", NAME, stop);
            trainer.requestStop(NAME + ": " + stop);
        }
    }

    /**
     * Takes one value of the monitored metric, as a check does, and updates the counters; returns
     * why training should stop, or {@code null} to go on.
     */
    public String decide(double value) {
        if (checkFinite && !Double.isFinite(value)) {
            return monitor + " = " + value + " is not finite; stopping";
        }
        if (!Double.isNaN(stoppingThreshold) && !mode.improves(stoppingThreshold, value, 0)) {
            return monitor + " = " + value + " reached the stopping threshold " + stoppingThreshold;
        }
        if (!Double.isNaN(divergenceThreshold) && mode.improves(divergenceThreshold, value, 0)) {
            return monitor + " = " + value + " is worse than the divergence threshold " + divergenceThreshold;
        }
        if (mode.improves(value, best, minDelta)) {
            best = value;
            waitCount = 0;
            return null;
        }
        waitCount++;
        if (waitCount >= patience) {
            return monitor + " did not improve by more than " + minDelta + " in " + waitCount
                    + " checks; best " + mode.label() + " " + best;
        }
        return null;
    }

    /** The best value seen so far. */
    public double bestScore() {
        return best;
    }

    /** Checks since the last improvement. */
    public int waitCount() {
        return waitCount;
    }

    /** The epoch in which it asked to stop, or -1. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** Why it asked to stop, or {@code null}. */
    public String reason() {
        return reason;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("monitor", monitor);
        state.put("bestScore", StateValues.encode(best));
        state.put("waitCount", waitCount);
        state.put("stoppedEpoch", stoppedEpoch);
        state.put("patience", patience);
        return state;
    }

    @Override
    public void loadState(Map<String, Object> state) {
        best = StateValues.decode(state.getOrDefault("bestScore", StateValues.encode(mode.worst())));
        waitCount = ((Number) state.getOrDefault("waitCount", 0)).intValue();
        stoppedEpoch = ((Number) state.getOrDefault("stoppedEpoch", -1)).intValue();
    }

    /** Starts a builder with Lightning's defaults ({@code val_loss}, {@code min}, patience 3). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link EarlyStopping}; unset options keep Lightning's defaults. */
    public static final class Builder {
        // the defaults are the @Arg ones a config gets: written once, on the constructor
        private String monitor = DEFAULTS.get("monitor");
        private String mode = DEFAULTS.get("mode");
        private int patience = DEFAULTS.get("patience");
        private double minDelta = DEFAULTS.get("minDelta");
        private boolean checkFinite = DEFAULTS.get("checkFinite");
        private Double stoppingThreshold = DEFAULTS.get("stoppingThreshold");
        private Double divergenceThreshold = DEFAULTS.get("divergenceThreshold");
        private boolean strict = DEFAULTS.get("strict");
        private Boolean checkOnTrainEpochEnd = DEFAULTS.get("checkOnTrainEpochEnd");

        /** The metric to watch. */
        public Builder monitor(String value) {
            this.monitor = value;
            return this;
        }

        /** Which way is better. */
        public Builder mode(MonitorMode value) {
            this.mode = value.label();
            return this;
        }

        /** Validation checks without improvement before stopping. */
        public Builder patience(int value) {
            this.patience = value;
            return this;
        }

        /** The smallest change that counts as an improvement. */
        public Builder minDelta(double value) {
            this.minDelta = value;
            return this;
        }

        /** Whether a NaN or infinite value stops training at once. */
        public Builder checkFinite(boolean value) {
            this.checkFinite = value;
            return this;
        }

        /** Stop once the metric is at least this good. */
        public Builder stoppingThreshold(double value) {
            this.stoppingThreshold = value;
            return this;
        }

        /** Stop once the metric is worse than this. */
        public Builder divergenceThreshold(double value) {
            this.divergenceThreshold = value;
            return this;
        }

        /** Whether a metric that is never logged is an error (else a warning). */
        public Builder strict(boolean value) {
            this.strict = value;
            return this;
        }

        /** Check at the end of each training epoch ({@code true}) or after each validation run ({@code false}). */
        public Builder checkOnTrainEpochEnd(boolean value) {
            this.checkOnTrainEpochEnd = value;
            return this;
        }

        public EarlyStopping build() {
            return new EarlyStopping(monitor, mode, patience, minDelta, checkFinite, stoppingThreshold, divergenceThreshold, strict,
                    checkOnTrainEpochEnd);
        }
    }
}

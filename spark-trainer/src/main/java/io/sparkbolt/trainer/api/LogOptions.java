package io.sparkbolt.trainer.api;

import java.io.Serializable;

/**
 * Options of {@link LightningModule#log(String, double, LogOptions)}, immutable, with Lightning's
 * defaults: a value logged in training is recorded per step, one logged in validation, test or
 * predict per epoch; it goes to the loggers, not to the progress bar; epoch values are weighted
 * means.
 *
 * <pre>{@code log("train_loss", loss, LogOptions.progBar());
 * log("hits", n, LogOptions.defaults().reduce(Reduction.SUM).onEpoch(true));}</pre>
 *
 * <p>When a value is logged both per step and per epoch it appears as {@code name_step} and
 * {@code name_epoch}, as in Lightning.
 */
public final class LogOptions implements Serializable {
    private static final LogOptions DEFAULTS = new LogOptions(null, null, false, true, Reduction.MEAN);

    private final Boolean onStep;
    private final Boolean onEpoch;
    private final boolean progBar;
    private final boolean logger;
    private final Reduction reduce;

    private LogOptions(Boolean onStep, Boolean onEpoch, boolean progBar, boolean logger, Reduction reduce) {
        this.onStep = onStep;
        this.onEpoch = onEpoch;
        this.progBar = progBar;
        this.logger = logger;
        this.reduce = reduce;
    }

    /** Lightning's defaults for the stage the value is logged in. */
    public static LogOptions defaults() {
        return DEFAULTS;
    }

    /** The defaults, also shown on the progress bar. */
    public static LogOptions progBar() {
        return DEFAULTS.withProgBar(true);
    }

    /** Record a value per optimiser step (default: in training only). */
    public LogOptions onStep(boolean value) {
        return new LogOptions(value, onEpoch, progBar, logger, reduce);
    }

    /** Record the reduction of the values over the epoch (default: outside training only). */
    public LogOptions onEpoch(boolean value) {
        return new LogOptions(onStep, value, progBar, logger, reduce);
    }

    /** Show the value on the progress bar. */
    public LogOptions withProgBar(boolean value) {
        return new LogOptions(onStep, onEpoch, value, logger, reduce);
    }

    /** Send the value to the loggers (default true). */
    public LogOptions logger(boolean value) {
        return new LogOptions(onStep, onEpoch, progBar, value, reduce);
    }

    /** How values are reduced over an epoch and across executors (default weighted mean). */
    public LogOptions reduce(Reduction value) {
        if (value == null) {
            throw new IllegalArgumentException("reduce must not be null");
        }
        return new LogOptions(onStep, onEpoch, progBar, logger, value);
    }

    /** These options with {@code onStep}/{@code onEpoch} filled in where the caller left them unset. */
    public LogOptions withUnsetDefaults(boolean defaultOnStep, boolean defaultOnEpoch) {
        return new LogOptions(onStep != null ? onStep : defaultOnStep, onEpoch != null ? onEpoch : defaultOnEpoch,
                progBar, logger, reduce);
    }

    /** Whether the value is recorded per step, given the split it is logged in. */
    public boolean onStepFor(Split split) {
        return onStep != null ? onStep : split == Split.TRAIN;
    }

    /** Whether the value is reduced per epoch, given the split it is logged in. */
    public boolean onEpochFor(Split split) {
        return onEpoch != null ? onEpoch : split != Split.TRAIN;
    }

    public boolean isProgBar() {
        return progBar;
    }

    public boolean isLogger() {
        return logger;
    }

    public Reduction reduction() {
        return reduce;
    }
}

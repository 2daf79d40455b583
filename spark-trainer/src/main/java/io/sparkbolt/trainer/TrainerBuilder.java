package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.GradientClipAlgorithm;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.device.Accelerator;
import io.sparkbolt.trainer.device.DeviceSettings;
import io.sparkbolt.trainer.device.Precision;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.strategy.Strategies;
import io.sparkbolt.trainer.strategy.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a {@link Trainer}; every flag is optional and means what it means in Lightning. An
 * integer batch limit is a count, a double a fraction of the epoch ({@code 1} vs {@code 1.0}).
 * {@link #build()} rejects a value it cannot honour with one clear line.
 */
public final class TrainerBuilder {
    // The flags' defaults are not written here: a new builder applies TrainerFlag.ALL's, the one definition.
    private Integer maxEpochs;
    private int minEpochs;
    private long maxSteps;
    private Duration maxTime;
    private BatchLimit limitTrainBatches;
    private BatchLimit limitValBatches;
    private BatchLimit limitTestBatches;
    private BatchLimit limitPredictBatches;
    private BatchLimit valCheckInterval;
    private int checkValEveryNEpoch;
    private int numSanityValSteps;
    private int fastDevRun;
    private BatchLimit overfitBatches;
    private int accumulateGradBatches;
    private double gradientClipVal;
    private GradientClipAlgorithm gradientClipAlgorithm;
    private int logEveryNSteps;
    private Long seed;
    private boolean deterministic;
    private String defaultRootDir;
    private Strategy strategy;
    private final List<Callback> callbacks = new ArrayList<>();
    private List<Logger> loggers;
    private boolean enableProgressBar;
    private boolean enableModelSummary;
    private boolean enableCheckpointing;
    private String config;
    private Accelerator accelerator;
    private int devices;
    private Precision precision;

    TrainerBuilder() {
        TrainerFlag.ALL.forEach(flag -> flag.applyDefault(this));
    }

    /** Stop after this many epochs; -1 for no limit. Default 1000, or no limit when {@link #maxSteps} is set. */
    public TrainerBuilder maxEpochs(int value) {
        require(value >= -1, "maxEpochs", "must be >= -1 (-1: no limit)", value);
        this.maxEpochs = value;
        return this;
    }

    /** Keep training at least this many epochs, even if a callback asks to stop. */
    public TrainerBuilder minEpochs(int value) {
        require(value >= 0, "minEpochs", "must be >= 0", value);
        this.minEpochs = value;
        return this;
    }

    /** Stop after this many optimiser steps; -1 for no limit. */
    public TrainerBuilder maxSteps(long value) {
        require(value >= -1, "maxSteps", "must be >= -1 (-1: no limit)", value);
        this.maxSteps = value;
        return this;
    }

    /** Stop after this much wall-clock time (checked after each round). */
    public TrainerBuilder maxTime(Duration value) {
        require(value != null && !value.isNegative() && !value.isZero(), "maxTime", "must be a positive duration", value);
        this.maxTime = value;
        return this;
    }

    public TrainerBuilder limitTrainBatches(int count) {
        this.limitTrainBatches = BatchLimit.count("limitTrainBatches", count);
        return this;
    }

    public TrainerBuilder limitTrainBatches(double fraction) {
        this.limitTrainBatches = BatchLimit.fraction("limitTrainBatches", fraction);
        return this;
    }

    public TrainerBuilder limitValBatches(int count) {
        this.limitValBatches = BatchLimit.count("limitValBatches", count);
        return this;
    }

    public TrainerBuilder limitValBatches(double fraction) {
        this.limitValBatches = BatchLimit.fraction("limitValBatches", fraction);
        return this;
    }

    public TrainerBuilder limitTestBatches(int count) {
        this.limitTestBatches = BatchLimit.count("limitTestBatches", count);
        return this;
    }

    public TrainerBuilder limitTestBatches(double fraction) {
        this.limitTestBatches = BatchLimit.fraction("limitTestBatches", fraction);
        return this;
    }

    public TrainerBuilder limitPredictBatches(int count) {
        this.limitPredictBatches = BatchLimit.count("limitPredictBatches", count);
        return this;
    }

    public TrainerBuilder limitPredictBatches(double fraction) {
        this.limitPredictBatches = BatchLimit.fraction("limitPredictBatches", fraction);
        return this;
    }

    /** Validate every {@code count} training batches within an epoch. */
    public TrainerBuilder valCheckInterval(int count) {
        require(count >= 1, "valCheckInterval", "must be a batch count >= 1 or a fraction in (0, 1]", count);
        this.valCheckInterval = BatchLimit.count("valCheckInterval", count);
        return this;
    }

    /** Validate this often within an epoch: 0.25 validates four times per epoch. */
    public TrainerBuilder valCheckInterval(double fraction) {
        require(fraction > 0 && fraction <= 1, "valCheckInterval", "must be a fraction in (0, 1] or a batch count >= 1", fraction);
        this.valCheckInterval = BatchLimit.fraction("valCheckInterval", fraction);
        return this;
    }

    /** Validate after every n-th training epoch. */
    public TrainerBuilder checkValEveryNEpoch(int value) {
        require(value >= 1, "checkValEveryNEpoch", "must be >= 1", value);
        this.checkValEveryNEpoch = value;
        return this;
    }

    /** Validation batches run before training to catch bugs early; -1 for all, 0 for none. */
    public TrainerBuilder numSanityValSteps(int value) {
        require(value >= -1, "numSanityValSteps", "must be >= -1 (-1: all batches)", value);
        this.numSanityValSteps = value;
        return this;
    }

    /** Runs n batches of training, validation and test, one epoch, no loggers or checkpoints. */
    public TrainerBuilder fastDevRun(int batches) {
        require(batches >= 0, "fastDevRun", "must be >= 0 (or true/false)", batches);
        this.fastDevRun = batches;
        return this;
    }

    /** {@code true} is {@code fastDevRun(1)}. */
    public TrainerBuilder fastDevRun(boolean enabled) {
        return fastDevRun(enabled ? 1 : 0);
    }

    /** Train (and validate) on the same first {@code count} batches every epoch, unshuffled. */
    public TrainerBuilder overfitBatches(int count) {
        this.overfitBatches = BatchLimit.count("overfitBatches", count);
        return this;
    }

    public TrainerBuilder overfitBatches(double fraction) {
        this.overfitBatches = BatchLimit.fraction("overfitBatches", fraction);
        return this;
    }

    /** Sum the gradients of this many batches into one optimiser step. */
    public TrainerBuilder accumulateGradBatches(int value) {
        require(value >= 1, "accumulateGradBatches", "must be >= 1", value);
        this.accumulateGradBatches = value;
        return this;
    }

    /** Clip gradients to this value (0: off), by norm or value per {@link #gradientClipAlgorithm}. */
    public TrainerBuilder gradientClipVal(double value) {
        require(value >= 0 && Double.isFinite(value), "gradientClipVal", "must be a finite number >= 0 (0: off)", value);
        this.gradientClipVal = value;
        return this;
    }

    public TrainerBuilder gradientClipAlgorithm(GradientClipAlgorithm value) {
        require(value != null, "gradientClipAlgorithm", "must be norm or value", value);
        this.gradientClipAlgorithm = value;
        return this;
    }

    /** Send step metrics to the loggers every n optimiser steps. */
    public TrainerBuilder logEveryNSteps(int value) {
        require(value >= 1, "logEveryNSteps", "must be >= 1", value);
        this.logEveryNSteps = value;
        return this;
    }

    /** Seed of weight initialisation, dropout and shuffling (default 42). */
    public TrainerBuilder seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Requires bit-reproducible results: the build fails when the strategy cannot give them (an
     * asynchronous gradient exchange). Runs are seeded either way.
     */
    public TrainerBuilder deterministic(boolean value) {
        this.deterministic = value;
        return this;
    }

    /** Root of logs and checkpoints (a path or Hadoop URI); default the working directory. */
    public TrainerBuilder defaultRootDir(String value) {
        require(value != null && !value.isBlank(), "defaultRootDir", "must be a non-empty path or URI", value);
        this.defaultRootDir = value;
        return this;
    }

    public TrainerBuilder strategy(Strategy value) {
        require(value != null, "strategy", "must not be null", value);
        this.strategy = value;
        return this;
    }

    public TrainerBuilder callbacks(Callback... values) {
        return callbacks(Arrays.asList(values));
    }

    public TrainerBuilder callbacks(List<? extends Callback> values) {
        for (Callback callback : values) {
            require(callback != null, "callbacks", "must not contain null", callback);
        }
        this.callbacks.addAll(values);
        return this;
    }

    /** The loggers; none given means a CSV logger, an empty list means no logging. */
    public TrainerBuilder loggers(Logger... values) {
        return loggers(Arrays.asList(values));
    }

    public TrainerBuilder loggers(List<? extends Logger> values) {
        for (Logger logger : values) {
            require(logger != null, "loggers", "must not contain null", logger);
        }
        this.loggers = List.copyOf(values);
        return this;
    }

    public TrainerBuilder enableProgressBar(boolean value) {
        this.enableProgressBar = value;
        return this;
    }

    public TrainerBuilder enableModelSummary(boolean value) {
        this.enableModelSummary = value;
        return this;
    }

    /** Save a checkpoint of the latest epoch under {@code version_N/checkpoints} (default on). */
    public TrainerBuilder enableCheckpointing(boolean value) {
        this.enableCheckpointing = value;
        return this;
    }

    /**
     * Where the steps run: {@code auto} (default: a GPU when the build carries ND4J's CUDA backend
     * and a device is visible, else the CPU), {@code cpu} or {@code gpu}. Checked against the
     * backend of the driver and of every executor when a fit starts.
     */
    public TrainerBuilder accelerator(String value) {
        this.accelerator = Accelerator.parse(value);
        return this;
    }

    public TrainerBuilder accelerator(Accelerator value) {
        require(value != null, "accelerator", "must be auto, cpu or gpu", value);
        this.accelerator = value;
        return this;
    }

    /**
     * GPUs per executor (the local strategy trains on one); 0 or {@code auto} (default) takes what
     * Spark's GPU scheduling gives each executor.
     */
    public TrainerBuilder devices(int count) {
        require(count >= 0, "devices", "must be auto or a count >= 1", count);
        this.devices = count;
        return this;
    }

    /** {@code auto} or a count, as configs write it. */
    public TrainerBuilder devices(String value) {
        String text = value == null ? "" : value.trim();
        if (text.equalsIgnoreCase("auto")) {
            return devices(0);
        }
        try {
            int count = Integer.parseInt(text);
            require(count >= 1, "devices", "must be auto or a count >= 1", value);
            return devices(count);
        } catch (NumberFormatException e) {
            throw new SparkboltException("trainer flag devices must be auto or a count >= 1, got " + value);
        }
    }

    /**
     * The network's precision: {@code 64}, {@code 32} (default), {@code 16} (GPU only) or
     * {@code bf16}, as DL4J's network data type; see {@link Precision}.
     */
    public TrainerBuilder precision(String value) {
        this.precision = Precision.parse(value);
        return this;
    }

    public TrainerBuilder precision(Precision value) {
        require(value != null, "precision", "must be 64, 32, 16 or bf16", value);
        this.precision = value;
        return this;
    }

    /**
     * The resolved run config (YAML) this Trainer was built from: loggers record it
     * ({@code config.yaml}, a TensorBoard text) and checkpoints keep it. Set by the command line.
     */
    public TrainerBuilder config(String resolvedYaml) {
        this.config = resolvedYaml;
        return this;
    }

    /** Validates the combination of flags and builds the Trainer. */
    public Trainer build() {
        int epochs = maxEpochs != null ? maxEpochs : (maxSteps == -1 ? 1000 : -1);
        if (epochs >= 0 && minEpochs > epochs) {
            throw new SparkboltException("trainer flag minEpochs=" + minEpochs + " exceeds maxEpochs=" + epochs);
        }
        if (deterministic && strategy != null && !strategy.isDeterministic()) {
            throw new SparkboltException("trainer flag deterministic=true cannot be honoured by strategy " + strategy.name()
                    + ": its results vary between runs");
        }
        if (!enableCheckpointing && callbacks.stream().anyMatch(c -> c instanceof io.sparkbolt.trainer.callbacks.ModelCheckpoint)) {
            throw new SparkboltException("trainer flag enableCheckpointing=false contradicts the ModelCheckpoint callback given");
        }
        Set<String> keys = new HashSet<>();
        for (Callback callback : callbacks) {
            if (!keys.add(callback.stateKey())) {
                throw new SparkboltException("two callbacks share the state key '" + callback.stateKey()
                        + "': give one of them another stateKey()");
            }
        }
        return new Trainer(new TrainerSettings(
                new TrainerSettings.Stopping(epochs, minEpochs, maxSteps, maxTime),
                new TrainerSettings.BatchLimits(limitTrainBatches, limitValBatches, limitTestBatches, limitPredictBatches),
                new TrainerSettings.ValidationSchedule(valCheckInterval, checkValEveryNEpoch, numSanityValSteps),
                new TrainerSettings.Optimization(accumulateGradBatches, gradientClipVal, gradientClipAlgorithm),
                new TrainerSettings.Debugging(fastDevRun, overfitBatches),
                new TrainerSettings.Reproducibility(seed, deterministic),
                new TrainerSettings.Output(defaultRootDir, logEveryNSteps, enableProgressBar, enableModelSummary, enableCheckpointing),
                strategy != null ? strategy : Strategies.local(), List.copyOf(callbacks), loggers,
                new DeviceSettings(accelerator, devices, precision)), config);
    }

    private static void require(boolean ok, String flag, String rule, Object value) {
        if (!ok) {
            throw new SparkboltException("trainer flag " + flag + " " + rule + ", got " + value);
        }
    }
}

package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.Hook;
import io.sparkbolt.trainer.callbacks.HookDispatcher;
import io.sparkbolt.trainer.callbacks.HookTimings;
import io.sparkbolt.trainer.checkpoint.Checkpoint;
import io.sparkbolt.trainer.device.MemoryFailures;
import io.sparkbolt.trainer.device.TaskDevice;
import io.sparkbolt.trainer.loggers.CsvLogger;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.loop.Evaluations;
import io.sparkbolt.trainer.loop.FitLoop;
import io.sparkbolt.trainer.loop.FitProgress;
import io.sparkbolt.trainer.loop.RunContext;
import io.sparkbolt.trainer.metrics.TrainerMetrics;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.network.Networks;
import io.sparkbolt.trainer.replica.GradientClipping;
import io.sparkbolt.trainer.predict.PredictionOutput;
import io.sparkbolt.trainer.predict.PredictionSummary;
import io.sparkbolt.trainer.strategy.Prediction;
import io.sparkbolt.trainer.strategy.StrategyContext;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * <em>How</em> to train: runs a {@link LightningModule} on a {@link DataModule} with Lightning's
 * loops, hooks and flags, on the {@link io.sparkbolt.trainer.strategy.Strategy} it is given (this
 * JVM by default, Spark executors with a distributed strategy).
 *
 * <pre>{@code Trainer trainer = Trainer.builder().maxEpochs(5).build();
 * trainer.fit(new MlpClassifier(List.of(256), 1e-3, 0, 0, "relu"), new MnistDataModule("data/mnist", 64));
 * Map<String, Double> results = trainer.test(module, data);}</pre>
 *
 * <p>Entry points on one Trainer share the network: {@code test} after {@code fit} tests the
 * trained model. Callbacks and loggers run on the driver only.
 */
public final class Trainer {
    /** The file in the log directory that holds the data module's {@link DataModule#stateDict()}. */
    public static final String DATA_STATE_FILE = "datamodule_state.json";

    private final TrainerSettings configured;
    private final String config;
    private final FitProgress progress = new FitProgress();
    private final CheckpointConnector checkpoints = new CheckpointConnector(this);
    private final List<Callback> callbacks;
    private TrainerSettings settings;
    private List<Logger> loggers;
    private TrainerMetrics metrics;
    private RunContext current;
    private HookDispatcher lastHooks;
    private LightningModule networkOwner;
    private Network network;
    private volatile boolean shouldStop;
    private String stopReason;

    Trainer(TrainerSettings settings, String config) {
        this.configured = settings;
        this.config = config;
        this.settings = settings.effective();
        this.callbacks = DefaultCallbacks.with(this.settings);
    }

    /** Starts building a Trainer. */
    public static TrainerBuilder builder() {
        return new TrainerBuilder();
    }

    /** Trains {@code module} on {@code data}'s training split, validating on its validation split. */
    public void fit(LightningModule module, DataModule data) {
        fit(module, data, null);
    }

    /**
     * Trains, continuing from a checkpoint: a path or Hadoop URI, {@code last} (the newest
     * checkpoint of this Trainer's {@code ModelCheckpoint}s; a fresh start when there is none) or
     * {@code best}. The fit carries on exactly where the checkpoint was taken (at an epoch's end or
     * after any round), with the same parameters, optimiser state, counters, callback states and
     * logger version; with a deterministic strategy and the same seed and data it ends
     * bit-identical to a fit that was never interrupted. {@code null}: from scratch.
     */
    public void fit(LightningModule module, DataModule data, String ckptPath) {
        run(Stage.FIT, module, data, ckptPath, run -> {
            new FitLoop(run).fit();
            return null;
        });
    }

    /** Runs one validation epoch; returns the reduced metrics ({@code val_loss}, {@code val_acc}, ...). */
    public Map<String, Double> validate(LightningModule module, DataModule data) {
        return validate(module, data, null);
    }

    /** Validates the weights of a checkpoint (a path, {@code last} or {@code best}; {@code null}: the current ones). */
    public Map<String, Double> validate(LightningModule module, DataModule data, String ckptPath) {
        return run(Stage.VALIDATE, module, data, ckptPath, Evaluations::validate);
    }

    /** Runs one test epoch; returns the reduced metrics ({@code test_loss}, {@code test_acc}, ...). */
    public Map<String, Double> test(LightningModule module, DataModule data) {
        return test(module, data, null);
    }

    /** Tests the weights of a checkpoint (a path, {@code last} or {@code best}; {@code null}: the current ones). */
    public Map<String, Double> test(LightningModule module, DataModule data, String ckptPath) {
        return run(Stage.TEST, module, data, ckptPath, Evaluations::test);
    }

    /** Runs the predict steps over the predict split; returns their outputs in the input's order (shard by shard). */
    public List<INDArray> predict(LightningModule module, DataModule data) {
        return predict(module, data, null);
    }

    /** Predicts with the weights of a checkpoint (a path, {@code last} or {@code best}; {@code null}: the current ones). */
    public List<INDArray> predict(LightningModule module, DataModule data, String ckptPath) {
        return run(Stage.PREDICT, module, data, ckptPath, Evaluations::predict).stream().map(Prediction::output).toList();
    }

    /**
     * Predicts with the weights of a checkpoint (a path, {@code last} or {@code best}; {@code null}:
     * the current ones) and writes the outputs to {@code output}, one part per input shard, from
     * where they are computed: on the executors for a Spark strategy, so no output passes through
     * the driver. Rows are keyed by the data's id column when it has one, else by input shard and
     * row. The directory must not exist; a failed run leaves none.
     */
    public PredictionSummary predict(LightningModule module, DataModule data, String ckptPath, PredictionOutput output) {
        output.requireAbsent(); // before any work: the job checks again when it starts
        return run(Stage.PREDICT, module, data, ckptPath, run -> Evaluations.predictTo(run, output));
    }

    private <T> T run(Stage stage, LightningModule module, DataModule data, String ckptPath, Function<RunContext, T> body) {
        if (module == null || data == null) {
            throw new SparkboltException(stage.label() + " needs a module and a data module, got "
                    + (module == null ? "no module" : "no data module"));
        }
        settings = configured.effective();
        // before anything runs: this JVM's backend, and for the local strategy its device
        TaskDevice.prepareThisJvm(settings.devices(), settings.strategy().isDistributed());
        long seed = settings.effectiveSeed();
        Nd4j.getRandom().setSeed(seed);
        Checkpoint checkpoint = checkpoints.load(stage, ckptPath, data);
        data.attach(new TrainerDataContext(stage, seed, settings.strategy(), this::loggerDir));
        data.prepareData();
        HookDispatcher hooks = new HookDispatcher(callbacks, module);
        lastHooks = hooks;
        settings.strategy().setup(new StrategyContext(stage, module, data, shards(stage, data), seed,
                settings.optimization().accumulateGradBatches(), new GradientClipping(settings.optimization().gradientClipVal(),
                settings.optimization().gradientClipAlgorithm()),
                settings.devices(), settings.output().logEveryNSteps()));
        if (metrics == null) {
            metrics = new TrainerMetrics(loggers());
        }
        metrics.clearPublished();
        RunContext run = new RunContext(this, settings, stage, module, data, settings.strategy(), hooks, metrics, progress);
        current = run;
        module.attach(run.driverContext());
        String status = "failed";
        try {
            hooks.call(Hook.SETUP, c -> c.setup(this, module, stage), m -> m.setup(stage));
            Network built = networkOf(module, seed);
            Networks.requireOutputsMatch(built, data.shape(), module.getClass().getSimpleName(), data.getClass().getSimpleName());
            if (checkpoint != null) {
                checkpoint.restoreInto(built, stage == Stage.FIT);
                if (stage != Stage.FIT) {
                    System.out.println("Loaded model weights from the checkpoint at " + checkpoint.path());
                }
            }
            settings.strategy().connect(built);
            if (stage == Stage.FIT) {
                startFit(run, checkpoint);
                hooks.call(Hook.ON_FIT_START, c -> c.onFitStart(this, module), m -> m.onFitStart());
            }
            T result = body.apply(run);
            if (stage == Stage.FIT) {
                hooks.call(Hook.ON_FIT_END, c -> c.onFitEnd(this, module), m -> m.onFitEnd());
            }
            status = "success";
            return result;
        } catch (RuntimeException | Error e) {
            hooks.callbacks(Hook.ON_EXCEPTION, c -> c.onException(this, module, e));
            if (!(e instanceof SparkboltException)) { // executors' failures arrive explained already
                Optional<SparkboltException> memory = MemoryFailures.explain(e, "the driver");
                if (memory.isPresent()) {
                    throw memory.get();
                }
            }
            throw e;
        } finally {
            hooks.call(Hook.TEARDOWN, c -> c.teardown(this, module, stage), m -> m.teardown(stage));
            settings.strategy().teardown();
            String finalStatus = status;
            loggers().forEach(logger -> logger.finish(finalStatus));
        }
    }

    /**
     * Resets the stop flag and restores a checkpoint's loop and callback state; the run's record
     * is written once the sanity check passed.
     */
    private void startFit(RunContext run, Checkpoint checkpoint) {
        shouldStop = false;
        stopReason = null;
        if (checkpoint != null) {
            checkpoints.restoreFit(checkpoint, run, metrics);
        }
        run.setBeforeTraining(() -> RunRecord.write(loggers(), loggerDir(), run.module(), run.data(), config));
    }

    /**
     * Writes a checkpoint of the running (or last) entry point to {@code path} (a path or Hadoop
     * URI), as Lightning's {@code trainer.save_checkpoint}: the network with its optimiser state
     * (unless {@code weightsOnly}) and the Trainer's state, atomically.
     */
    public void saveCheckpoint(String path, boolean weightsOnly) {
        checkpoints.save(path, weightsOnly, current, config);
    }

    /** The shards of the splits a stage reads; fit needs training data. */
    private static Map<Split, List<? extends Shard>> shards(Stage stage, DataModule data) {
        Map<Split, List<? extends Shard>> shards = new EnumMap<>(Split.class);
        switch (stage) {
            case FIT -> {
                shards.put(Split.TRAIN, data.shards(Split.TRAIN));
                shards.put(Split.VAL, data.shards(Split.VAL));
            }
            case VALIDATE -> shards.put(Split.VAL, data.shards(Split.VAL));
            case TEST -> shards.put(Split.TEST, data.shards(Split.TEST));
            case PREDICT -> shards.put(Split.PREDICT, data.shards(Split.PREDICT));
        }
        Split needed = switch (stage) {
            case FIT -> Split.TRAIN;
            case VALIDATE -> Split.VAL;
            case TEST -> Split.TEST;
            case PREDICT -> Split.PREDICT;
        };
        if (shards.get(needed).isEmpty()) {
            throw new SparkboltException(stage.label() + ": " + data.getClass().getSimpleName() + " has no "
                    + needed.prefix() + " data (shards(" + needed + ") is empty)");
        }
        return shards;
    }

    /** The module's network: built on first use, then kept, so later entry points see the trained weights. */
    private Network networkOf(LightningModule module, long seed) {
        if (network == null || networkOwner != module) {
            network = Networks.build(module.configureNetwork(), module.configureOptimizers(), seed,
                    settings.devices().precision().dataType());
            networkOwner = module;
        }
        return network;
    }

    private List<Logger> loggers() {
        if (loggers == null) {
            loggers = settings.loggers() != null ? settings.loggers()
                    : List.of(new CsvLogger(settings.output().defaultRootDir()));
            loggers.forEach(logger -> logger.useDefaultRootDir(settings.output().defaultRootDir()));
        }
        return loggers;
    }

    /** Asks the fit to stop at the next round boundary (once {@code minEpochs} are done); how callbacks stop training. */
    public void requestStop(String reason) {
        this.shouldStop = true;
        this.stopReason = reason;
    }

    /** Whether a stop was requested. */
    public boolean shouldStop() {
        return shouldStop;
    }

    /** Why the fit was asked to stop, or {@code null}. */
    public String stopReason() {
        return stopReason;
    }

    /** The current epoch, 0-based (equals the number of finished epochs after a fit). */
    public int currentEpoch() {
        return progress.epoch();
    }

    /** Optimiser steps taken so far. */
    public long globalStep() {
        return progress.globalStep();
    }

    /** The fit's progress counters. */
    public FitProgress progress() {
        return progress;
    }

    /** The latest value of every logged metric: what callbacks monitor. */
    public Map<String, Double> callbackMetrics() {
        return metrics == null ? Map.of() : metrics.callbackMetrics();
    }

    /** The metrics logged with the progress-bar flag. */
    public Map<String, Double> progressBarMetrics() {
        return metrics == null ? Map.of() : metrics.progressBarMetrics();
    }

    /** The latest values sent to the loggers. */
    public Map<String, Double> loggedMetrics() {
        return metrics == null ? Map.of() : metrics.loggedMetrics();
    }

    /**
     * Sends values from a callback straight to the loggers (and to {@link #callbackMetrics()}) at
     * the current step, as Lightning's {@code trainer.logger.log_metrics}; runs on the driver.
     */
    public void logMetrics(Map<String, Double> values) {
        if (metrics != null && !values.isEmpty()) {
            metrics.logDirect(values, globalStep(), currentEpoch());
        }
    }

    /** The loggers in use (the default CSV logger unless configured otherwise). */
    public List<Logger> getLoggers() {
        return loggers();
    }

    /** The first logger's directory ({@code .../version_N}), or the default root when there is no logger. */
    public String logDir() {
        String dir = loggerDir();
        return dir != null ? dir : settings.output().defaultRootDir();
    }

    private String loggerDir() {
        for (Logger logger : loggers()) {
            if (logger.logDir() != null) {
                return logger.logDir();
            }
        }
        return null;
    }

    /** The data module of the current (or last) entry point, as Lightning's {@code trainer.datamodule}; {@code null} before the first. */
    public DataModule datamodule() {
        return current != null ? current.data() : null;
    }

    /** The network being (or last) trained; {@code null} before the first entry point. */
    public Network network() {
        return current != null ? current.strategy().network() : network;
    }

    /** The settings in force (after what {@code fastDevRun} and {@code overfitBatches} imply). */
    public TrainerSettings settings() {
        return settings;
    }

    /** The entry point running (or run last): fit, validate, test or predict; {@code null} before the first. */
    public Stage stage() {
        return current != null ? current.stage() : null;
    }

    /** Whether the running entry point has validation data to run (Lightning's {@code num_val_batches > 0}). */
    public boolean hasValidationData() {
        return current != null && current.validationEnabled();
    }

    /**
     * Whether validation, when it runs, runs once at the end of every training epoch
     * ({@code valCheckInterval} 1.0 and {@code checkValEveryNEpoch} 1): Lightning's condition for
     * checking a monitored metric at the end of the training epoch rather than after each validation.
     */
    public boolean validatesAtEveryEpochEnd() {
        return settings.validation().onceAtEveryEpochEnd();
    }

    /** Whether the sanity-check validation is running. */
    public boolean isSanityChecking() {
        return current != null && current.isSanityChecking();
    }

    /** The callbacks in the order they run, the built-in ones (summary, progress bar, checkpoint) included. */
    public List<Callback> callbacks() {
        return callbacks;
    }

    /** Time spent in each hook during the last entry point. */
    public HookTimings hookTimings() {
        return lastHooks == null ? new HookTimings() : lastHooks.timings();
    }
}

package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerSettings;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.callbacks.HookDispatcher;
import io.sparkbolt.trainer.metrics.TrainerMetrics;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import io.sparkbolt.trainer.strategy.Strategy;

/**
 * Everything the loops of one entry point share: the settings in force, the module and data, the
 * strategy that runs rounds, the hook dispatcher, the metrics and the progress counters.
 */
public final class RunContext {
    private final Trainer trainer;
    private final TrainerSettings settings;
    private final Stage stage;
    private final LightningModule module;
    private final DataModule data;
    private final Strategy strategy;
    private final HookDispatcher hooks;
    private final TrainerMetrics metrics;
    private final FitProgress progress;
    private final DriverContext driverContext;
    private final long startNanos = System.nanoTime();
    private double carriedSeconds;
    private boolean sanityChecking;
    private Runnable beforeTraining = () -> { };

    public RunContext(Trainer trainer, TrainerSettings settings, Stage stage, LightningModule module, DataModule data,
                      Strategy strategy, HookDispatcher hooks, TrainerMetrics metrics, FitProgress progress) {
        this.trainer = trainer;
        this.settings = settings;
        this.stage = stage;
        this.module = module;
        this.data = data;
        this.strategy = strategy;
        this.hooks = hooks;
        this.metrics = metrics;
        this.progress = progress;
        this.driverContext = new DriverContext(this);
    }

    /**
     * Runs one round on the strategy; the module logs into the driver again afterwards. A training
     * round that leaves a parameter NaN or infinite stops the fit there, naming the round: after
     * every round of a Spark strategy (an averaged model could hide which worker diverged, and a
     * round is many steps), and after the last round of each epoch in this JVM, where the next
     * step's loss check would say so at once and checking every step would cost a pass over the
     * parameters per step.
     */
    RoundResult runRound(Round round) {
        RoundResult result = strategy.run(round);
        module.attach(driverContext);
        if (round.split() == Split.TRAIN && result.steps() > 0 && (strategy.isDistributed() || result.exhausted())) {
            requireFiniteParameters(round, result);
        }
        return result;
    }

    private void requireFiniteParameters(Round round, RoundResult result) {
        // One native pass: the sum is NaN or infinite if any value is (or if the values sum past the
        // floating-point range, which only parameters that have diverged do).
        double sum = strategy.network().params().sumNumber().doubleValue();
        if (Double.isFinite(sum)) {
            return;
        }
        String what = Double.isNaN(sum) ? "NaN" : "infinite";
        throw new SparkboltException("parameters are " + what + " after the training round at epoch " + round.epoch() + ", batches "
                + round.firstBatch() + ".." + (round.firstBatch() + result.batches() - 1) + " (global steps " + (progress.globalStep() + 1)
                + ".." + (progress.globalStep() + result.steps()) + "): lower the learning rate, clip gradients or check the data");
    }

    /** Seconds since the entry point started, plus those a restored checkpoint had run. */
    public double elapsedSeconds() {
        return carriedSeconds + (System.nanoTime() - startNanos) / 1e9;
    }

    /** Counts the time an interrupted fit had already run against {@code maxTime}. */
    public void carryOver(double seconds) {
        carriedSeconds = seconds;
    }

    boolean maxTimeReached() {
        return settings.stopping().maxTime() != null && elapsedSeconds() >= settings.stopping().maxTime().toNanos() / 1e9;
    }

    public Trainer trainer() {
        return trainer;
    }

    public TrainerSettings settings() {
        return settings;
    }

    public Stage stage() {
        return stage;
    }

    public LightningModule module() {
        return module;
    }

    public DataModule data() {
        return data;
    }

    public Strategy strategy() {
        return strategy;
    }

    public HookDispatcher hooks() {
        return hooks;
    }

    public TrainerMetrics metrics() {
        return metrics;
    }

    public FitProgress progress() {
        return progress;
    }

    /** The context the module logs into while it runs hooks on the driver. */
    public DriverContext driverContext() {
        return driverContext;
    }

    /** Whether the data module has validation data and the limits let some of it run. */
    public boolean validationEnabled() {
        return new ValidationRunner(this).enabled();
    }

    /**
     * What a fit does once its sanity check passed, before on_train_start: writing the run's
     * record (hyper-parameters, config, data state) into the log directory, so a fit that fails
     * its checks leaves nothing written.
     */
    public Runnable beforeTraining() {
        return beforeTraining;
    }

    public void setBeforeTraining(Runnable value) {
        beforeTraining = value;
    }

    /** Whether the sanity-check validation is running. */
    public boolean isSanityChecking() {
        return sanityChecking;
    }

    void setSanityChecking(boolean value) {
        sanityChecking = value;
    }
}

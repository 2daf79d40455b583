package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.GradientClipAlgorithm;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.device.DeviceSettings;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.strategy.Strategy;
import java.time.Duration;
import java.util.List;

/**
 * The Trainer's flags after validation, with Lightning's meaning. Built by {@link TrainerBuilder};
 * {@link #effective()} applies what {@code fastDevRun} and {@code overfitBatches} imply.
 *
 * @param loggers {@code null} for the default CSV logger, empty for none
 * @param devices accelerator, devices and precision
 */
public record TrainerSettings(
        int maxEpochs, int minEpochs, long maxSteps, Duration maxTime,
        BatchLimit limitTrainBatches, BatchLimit limitValBatches, BatchLimit limitTestBatches, BatchLimit limitPredictBatches,
        BatchLimit valCheckInterval, int checkValEveryNEpoch, int numSanityValSteps,
        int fastDevRun, BatchLimit overfitBatches, int accumulateGradBatches,
        double gradientClipVal, GradientClipAlgorithm gradientClipAlgorithm, int logEveryNSteps,
        Long seed, boolean deterministic, String defaultRootDir,
        Strategy strategy, List<Callback> callbacks, List<Logger> loggers,
        boolean enableProgressBar, boolean enableModelSummary, boolean enableCheckpointing, DeviceSettings devices) {

    /** The seed runs use when none is given, so that every run is reproducible. */
    public static final long DEFAULT_SEED = 42L;

    /** The seed in force. */
    public long effectiveSeed() {
        return seed != null ? seed : DEFAULT_SEED;
    }

    /** Whether training should shuffle examples (not when overfitting a fixed set of batches). */
    public boolean shuffleTraining() {
        return overfitBatches.isZero();
    }

    /**
     * The settings as a run applies them: {@code fastDevRun = n} runs n batches of each split for
     * one epoch with no sanity check, loggers or checkpoints; {@code overfitBatches} trains and
     * validates on the same first batches every epoch.
     */
    public TrainerSettings effective() {
        if (fastDevRun > 0) {
            BatchLimit n = BatchLimit.count("fastDevRun", fastDevRun);
            return new TrainerSettings(1, 0, fastDevRun, maxTime, n, n, n, n, BatchLimit.ALL, 1, 0,
                    fastDevRun, overfitBatches, accumulateGradBatches, gradientClipVal, gradientClipAlgorithm, 1,
                    seed, deterministic, defaultRootDir, strategy, callbacks, List.of(),
                    enableProgressBar, enableModelSummary, false, devices);
        }
        if (!overfitBatches.isZero()) {
            return new TrainerSettings(maxEpochs, minEpochs, maxSteps, maxTime, overfitBatches, overfitBatches,
                    limitTestBatches, limitPredictBatches, valCheckInterval, checkValEveryNEpoch, numSanityValSteps,
                    fastDevRun, overfitBatches, accumulateGradBatches, gradientClipVal, gradientClipAlgorithm,
                    logEveryNSteps, seed, deterministic, defaultRootDir, strategy, callbacks, loggers,
                    enableProgressBar, enableModelSummary, enableCheckpointing, devices);
        }
        return this;
    }
}

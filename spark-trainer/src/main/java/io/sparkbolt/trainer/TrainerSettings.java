package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.GradientClipAlgorithm;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.device.DeviceSettings;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.strategy.Strategy;
import java.time.Duration;
import java.util.List;

/**
 * The Trainer's flags after validation, with Lightning's meaning, in small groups. Built by
 * {@link TrainerBuilder} (whose defaults are {@link TrainerFlag}'s); {@link #effective()} applies
 * what {@code fastDevRun} and {@code overfitBatches} imply.
 *
 * @param stopping        when a fit ends
 * @param limits          batches per split
 * @param validation      when validation runs
 * @param optimization    how batches become optimiser steps
 * @param debugging       {@code fastDevRun} and {@code overfitBatches}
 * @param reproducibility the seed and whether results must be bit-reproducible
 * @param output          where logs and checkpoints go and what is shown
 * @param strategy        where steps run
 * @param callbacks       the callbacks given
 * @param loggers         {@code null} for the default CSV logger, empty for none
 * @param devices         accelerator, devices and precision
 */
public record TrainerSettings(Stopping stopping, BatchLimits limits, ValidationSchedule validation, Optimization optimization,
                              Debugging debugging, Reproducibility reproducibility, Output output, Strategy strategy,
                              List<Callback> callbacks, List<Logger> loggers, DeviceSettings devices) {

    /** The seed runs use when none is given, so that every run is reproducible. */
    public static final long DEFAULT_SEED = 42L;

    /** The seed in force. */
    public long effectiveSeed() {
        return reproducibility.effectiveSeed();
    }

    /** Whether training should shuffle examples (not when overfitting a fixed set of batches). */
    public boolean shuffleTraining() {
        return debugging.overfitBatches().isZero();
    }

    /**
     * The settings as a run applies them: {@code fastDevRun = n} runs n batches of each split for
     * one epoch with no sanity check, loggers or checkpoints; {@code overfitBatches} trains and
     * validates on the same first batches every epoch.
     */
    public TrainerSettings effective() {
        int fastDevRun = debugging.fastDevRun();
        if (fastDevRun > 0) {
            BatchLimit each = BatchLimit.count("fastDevRun", fastDevRun);
            return new TrainerSettings(new Stopping(1, 0, fastDevRun, stopping.maxTime()), new BatchLimits(each, each, each, each),
                    new ValidationSchedule(BatchLimit.ALL, 1, 0), optimization, debugging, reproducibility,
                    new Output(output.defaultRootDir(), 1, output.enableProgressBar(), output.enableModelSummary(), false),
                    strategy, callbacks, List.of(), devices);
        }
        BatchLimit overfit = debugging.overfitBatches();
        if (!overfit.isZero()) {
            return new TrainerSettings(stopping, new BatchLimits(overfit, overfit, limits.test(), limits.predict()), validation,
                    optimization, debugging, reproducibility, output, strategy, callbacks, loggers, devices);
        }
        return this;
    }

    /**
     * When a fit ends.
     *
     * @param maxEpochs epochs to train; -1: no limit
     * @param minEpochs epochs to train even when a callback asks to stop
     * @param maxSteps  optimiser steps to take; -1: no limit
     * @param maxTime   wall-clock time to train, or null for no limit
     */
    public record Stopping(int maxEpochs, int minEpochs, long maxSteps, Duration maxTime) {
        /** Whether {@code epoch} epochs reach {@code maxEpochs}. */
        public boolean epochsReached(int epoch) {
            return maxEpochs >= 0 && epoch >= maxEpochs;
        }

        /** Whether {@code globalStep} steps reach {@code maxSteps}. */
        public boolean stepsReached(long globalStep) {
            return maxSteps >= 0 && globalStep >= maxSteps;
        }
    }

    /**
     * Batches per split ({@code limitTrainBatches}, ...): counts or fractions of the split.
     *
     * @param train   training batches per epoch
     * @param val     validation batches per validation run
     * @param test    test batches
     * @param predict predict batches
     */
    public record BatchLimits(BatchLimit train, BatchLimit val, BatchLimit test, BatchLimit predict) {
        /** The limit of {@code split}. */
        public BatchLimit of(Split split) {
            return switch (split) {
                case TRAIN -> train;
                case VAL -> val;
                case TEST -> test;
                case PREDICT -> predict;
            };
        }
    }

    /**
     * When validation runs.
     *
     * @param valCheckInterval    every n training batches, or this fraction of an epoch
     * @param checkValEveryNEpoch after every n-th epoch
     * @param numSanityValSteps   validation batches run before training; -1: all
     */
    public record ValidationSchedule(BatchLimit valCheckInterval, int checkValEveryNEpoch, int numSanityValSteps) {
        /** Whether validation runs once at the end of every epoch (neither inside epochs nor every n-th). */
        public boolean onceAtEveryEpochEnd() {
            return checkValEveryNEpoch == 1 && valCheckInterval.isWholeEpoch();
        }
    }

    /**
     * How batches become optimiser steps.
     *
     * @param accumulateGradBatches batches whose gradients sum into one step
     * @param gradientClipVal       the clipping threshold; 0: off
     * @param gradientClipAlgorithm by the global norm, or each value
     */
    public record Optimization(int accumulateGradBatches, double gradientClipVal, GradientClipAlgorithm gradientClipAlgorithm) {
    }

    /**
     * Runs for finding bugs.
     *
     * @param fastDevRun     n batches of each split, one epoch; 0: off
     * @param overfitBatches train and validate on these first batches; 0: off
     */
    public record Debugging(int fastDevRun, BatchLimit overfitBatches) {
    }

    /**
     * Seeding.
     *
     * @param seed          the seed given, or null for {@link TrainerSettings#DEFAULT_SEED}
     * @param deterministic whether bit-reproducible results are required
     */
    public record Reproducibility(Long seed, boolean deterministic) {
        /** The seed in force. */
        public long effectiveSeed() {
            return seed != null ? seed : DEFAULT_SEED;
        }
    }

    /**
     * What a run writes and shows.
     *
     * @param defaultRootDir      root of logs and checkpoints
     * @param logEveryNSteps      step metrics go to the loggers every n steps
     * @param enableProgressBar   a progress bar per epoch
     * @param enableModelSummary  the layer table when a fit starts
     * @param enableCheckpointing a checkpoint of the latest epoch unless a ModelCheckpoint is given
     */
    public record Output(String defaultRootDir, int logEveryNSteps, boolean enableProgressBar, boolean enableModelSummary,
                         boolean enableCheckpointing) {
    }
}

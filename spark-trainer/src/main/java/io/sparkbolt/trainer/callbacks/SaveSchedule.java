package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Durations;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.SparkboltException;
import java.time.Duration;

/**
 * When a {@link ModelCheckpoint} saves, as Lightning decides it: every n epochs (after the
 * validation that ends the epoch or, when validation runs inside epochs, after each validation
 * run: {@code saveOnTrainEpochEnd}), every n optimiser steps, or after an interval of training
 * time; one of the three.
 */
final class SaveSchedule {
    private final int everyNEpochs;
    private final long everyNTrainSteps;
    private final Duration trainTimeInterval;
    private final Boolean saveOnTrainEpochEnd;

    /** The next step after {@code step} that {@code everyNTrainSteps} saves at; {@link Long#MAX_VALUE} without it. */
    long nextStepDue(long step) {
        return everyNTrainSteps > 0 ? (step / everyNTrainSteps + 1) * everyNTrainSteps : Long.MAX_VALUE;
    }

    SaveSchedule(Integer everyNEpochs, Long everyNTrainSteps, String trainTimeInterval, Boolean saveOnTrainEpochEnd) {
        String name = ModelCheckpoint.NAME;
        this.trainTimeInterval = trainTimeInterval == null || trainTimeInterval.isBlank() ? null
                : Durations.parsePositive(name + ": trainTimeInterval", trainTimeInterval);
        int schedules = (everyNEpochs != null ? 1 : 0) + (everyNTrainSteps != null ? 1 : 0) + (this.trainTimeInterval != null ? 1 : 0);
        if (schedules > 1) {
            throw new SparkboltException(name + ": everyNEpochs, everyNTrainSteps and trainTimeInterval are mutually exclusive; set one");
        }
        if (everyNEpochs != null && everyNEpochs < 0 || everyNTrainSteps != null && everyNTrainSteps < 0) {
            throw new SparkboltException(name + ": everyNEpochs and everyNTrainSteps must be >= 0, got "
                    + (everyNEpochs != null ? everyNEpochs : everyNTrainSteps));
        }
        this.everyNEpochs = everyNEpochs != null ? everyNEpochs : schedules == 0 ? 1 : 0;
        this.everyNTrainSteps = everyNTrainSteps != null ? everyNTrainSteps : 0;
        this.saveOnTrainEpochEnd = saveOnTrainEpochEnd;
    }

    /**
     * Whether epoch saves happen at the end of the training epoch (else after each validation run):
     * as configured, or Lightning's rule ({@code _should_save_on_train_epoch_end}) — not when
     * validation runs every few epochs, yes without validation data, and otherwise only when
     * validation runs once at each epoch's end.
     */
    boolean savesOnTrainEpochEnd(Trainer trainer) {
        if (saveOnTrainEpochEnd != null) {
            return saveOnTrainEpochEnd;
        }
        if (trainer.settings().validation().checkValEveryNEpoch() != 1) {
            return false;
        }
        return !trainer.hasValidationData() || trainer.validatesAtEveryEpochEnd();
    }

    /** Whether the epoch now ending (or being validated) is one that saves. */
    boolean epochDue(Trainer trainer) {
        return everyNEpochs > 0 && (trainer.currentEpoch() + 1) % everyNEpochs == 0;
    }

    /** Whether a step or time save falls due after a round that ended at {@code step}, the previous at {@code previousStep}. */
    boolean stepOrTimeDue(long step, long previousStep, long nanosSinceLastSave) {
        boolean stepDue = everyNTrainSteps > 0 && step / everyNTrainSteps > previousStep / everyNTrainSteps;
        boolean timeDue = trainTimeInterval != null && nanosSinceLastSave >= trainTimeInterval.toNanos();
        return stepDue || timeDue;
    }

    /** The schedule as part of a state key: two checkpoint callbacks that save at different times keep separate states. */
    String key() {
        return "everyNTrainSteps=" + everyNTrainSteps + ",everyNEpochs=" + everyNEpochs + ",trainTimeInterval=" + trainTimeInterval;
    }
}

package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.BatchLimit;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerSettings;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Hook;
import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;

/**
 * One training epoch: rounds of training steps until the epoch's batches (after limits) are
 * done or the fit must stop, with validation whenever {@code valCheckInterval} falls due. Step
 * settings act at the first round boundary at or after the step.
 */
final class TrainingEpochLoop extends Loop<Void> {
    private final RunContext run;
    private final FitProgress progress;
    private long epochBatches;
    private long valEvery;
    private boolean epochDone;

    TrainingEpochLoop(RunContext run) {
        this.run = run;
        this.progress = run.progress();
    }

    @Override
    protected void reset() {
        TrainerSettings settings = run.settings();
        long total = run.strategy().batchesPerEpoch(Split.TRAIN);
        epochBatches = settings.limits().train().resolve(total, "limitTrainBatches");
        progress.setEpochBatches(epochBatches);
        valEvery = validationInterval(settings.validation().valCheckInterval(), epochBatches);
        epochDone = epochBatches == 0;
    }

    /** Batches between validations; -1 means at the end of the epoch only. */
    private static long validationInterval(BatchLimit interval, long epochBatches) {
        if (interval.isCount()) {
            long every = interval.resolve(-1, "valCheckInterval");
            if (epochBatches >= 0 && every > epochBatches) {
                throw new SparkboltException("trainer flag valCheckInterval=" + every
                        + " is more than the " + epochBatches + " training batches of an epoch");
            }
            return every;
        }
        return epochBatches < 0 ? -1 : Math.max(1, (long) Math.floor(interval.resolve(epochBatches, "valCheckInterval")));
    }

    @Override
    protected void onRunStart() {
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        boolean restored = progress.startEpoch();
        run.hooks().call(Hook.ON_TRAIN_EPOCH_START, c -> c.onTrainEpochStart(trainer, module), m -> m.onTrainEpochStart());
        if (restored) {
            finishRestoredRound();
        }
    }

    /**
     * After a restore from a checkpoint taken at a round's end: does what the interrupted run had
     * still to do for that round (a validation that fell due, the end of the epoch).
     */
    private void finishRestoredRound() {
        epochDone = epochDone || progress.phase().batchesDone();
        if (progress.phase().validationPending()) {
            new ValidationRunner(run).runIfEnabled();
            progress.validationRan();
        }
    }

    @Override
    protected boolean done() {
        return epochDone || stepLimitReached() || run.maxTimeReached() || stopAllowed();
    }

    private boolean stepLimitReached() {
        return run.settings().stopping().stepsReached(progress.globalStep());
    }

    /** A callback asked to stop and {@code minEpochs} is satisfied. */
    private boolean stopAllowed() {
        return run.trainer().shouldStop() && progress.epoch() >= run.settings().stopping().minEpochs();
    }

    @Override
    protected void advance() {
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        long first = progress.batchInEpoch();
        int batches = run.strategy().trainBatchesPerRound();
        if (epochBatches >= 0) {
            batches = (int) Math.min(batches, epochBatches - first);
        }
        long stepBefore = progress.globalStep();
        if (run.strategy().endsRoundsWhereTheDriverIsNeeded()) {
            batches = (int) Math.min(batches, batchesUntilTheDriverIsNeeded(first, stepBefore));
        }
        run.hooks().callbacks(Hook.ON_TRAIN_BATCH_START, c -> c.onTrainBatchStart(trainer, module, (int) first));
        RoundResult result = run.runRound(new Round(Split.TRAIN, progress.epoch(), first, batches, epochBatches,
                stepBefore, run.settings().shuffleTraining()));
        progress.addRound(result.batches(), result.steps(), result.examples());
        epochDone = result.exhausted() || result.batches() == 0;
        boolean validate = validationDue(first, progress.batchInEpoch());
        progress.setRoundTail(validate, epochDone);

        MetricCollector logged = result.metrics();
        logged.merge(run.driverContext().drain());
        progress.epochMetrics().mergeEpoch(logged);
        int every = run.settings().output().logEveryNSteps();
        // A round that kept rows at its logging steps (ddp's segments) logs its own row only when its last step is one.
        boolean logNow = !logged.hasStepsForLoggers() ? progress.globalStep() / every > stepBefore / every
                : progress.globalStep() % every == 0;
        run.metrics().publishStep(logged, progress.globalStep(), progress.epoch(), logNow);

        StepOutput outputs = new StepOutput(result.meanLoss(), (int) result.examples());
        int last = (int) progress.batchInEpoch() - 1;
        run.hooks().callbacks(Hook.ON_TRAIN_BATCH_END, c -> c.onTrainBatchEnd(trainer, module, outputs, last));

        if (validate) {
            new ValidationRunner(run).runIfEnabled();
            progress.validationRan(); // also when validation is off
        }
    }

    /**
     * Batches from {@code first} (of the epoch; the global step being {@code step}) to the next
     * point where the driver needs the model: a mid-epoch validation, a callback's step (a
     * step-scheduled checkpoint), {@code maxSteps}. At least one step's batches.
     */
    private long batchesUntilTheDriverIsNeeded(long first, long step) {
        int accumulate = run.settings().optimization().accumulateGradBatches();
        long steps = Long.MAX_VALUE;
        for (var callback : run.trainer().callbacks()) {
            steps = Math.min(steps, callback.nextStepNeeded(step) - step);
        }
        long maxSteps = run.settings().stopping().maxSteps();
        if (maxSteps >= 0) {
            steps = Math.min(steps, maxSteps - step);
        }
        long batches = steps >= Long.MAX_VALUE / accumulate ? Long.MAX_VALUE : Math.max(1, steps) * accumulate;
        if (valEvery > 0) {
            batches = Math.min(batches, (first / valEvery + 1) * valEvery - first);
        }
        return Math.max(1, batches);
    }

    /** Whether this round crossed a multiple of the validation interval (or ended the epoch, when validating at its end). */
    private boolean validationDue(long before, long after) {
        if ((progress.epoch() + 1) % run.settings().validation().checkValEveryNEpoch() != 0) {
            return false;
        }
        if (valEvery < 0) {
            return epochDone;
        }
        return after / valEvery > before / valEvery;
    }

    /**
     * Lightning's epoch end: the ordinary callbacks' and the module's {@code on_train_epoch_end},
     * then the epoch's training metrics (with what the module logged in its hook) are published,
     * then the callbacks that monitor them, checkpointing last.
     */
    @Override
    protected Void onRunEnd() {
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        progress.endingEpoch(epochDone);
        run.hooks().callEpochEnd(Hook.ON_TRAIN_EPOCH_END, c -> c.onTrainEpochEnd(trainer, module), m -> m.onTrainEpochEnd(),
                this::publishEpochMetrics);
        run.metrics().loggers().forEach(io.sparkbolt.trainer.loggers.Logger::save);
        progress.finishEpoch();
        return null;
    }

    private void publishEpochMetrics() {
        MetricCollector epochMetrics = progress.epochMetrics();
        epochMetrics.mergeEpoch(run.driverContext().drain());
        run.metrics().publishEpoch(epochMetrics, progress.globalStep(), progress.epoch(), true);
    }
}

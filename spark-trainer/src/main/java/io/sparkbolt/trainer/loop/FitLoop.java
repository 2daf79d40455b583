package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.BatchLimit;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.TrainerSettings;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.Hook;

/**
 * The fit: sanity-check validation, then training epochs until {@code maxEpochs},
 * {@code maxSteps}, {@code maxTime} or a callback's stop request (once {@code minEpochs} are
 * done), framed by {@code on_train_start} and {@code on_train_end}.
 */
public final class FitLoop extends Loop<Void> {
    private final RunContext run;
    private final FitProgress progress;

    public FitLoop(RunContext run) {
        this.run = run;
        this.progress = run.progress();
    }

    /** Runs the fit. */
    public void fit() {
        run();
    }

    @Override
    protected void onRunStart() {
        sanityCheck();
        run.beforeTraining().run();
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        run.hooks().call(Hook.ON_TRAIN_START, c -> c.onTrainStart(trainer, module), m -> m.onTrainStart());
    }

    /**
     * Runs {@code numSanityValSteps} validation batches; their metrics are seen by the callbacks'
     * on_sanity_check_end (where monitors that will never be logged fail) and then thrown away, as
     * in Lightning. A fit that carries on from a checkpoint was checked when it started.
     */
    private void sanityCheck() {
        int steps = run.settings().validation().numSanityValSteps();
        ValidationRunner validation = new ValidationRunner(run);
        if (steps == 0 || !validation.enabled() || progress.started()) {
            return;
        }
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        run.setSanityChecking(true);
        try {
            run.hooks().callbacks(Hook.ON_SANITY_CHECK_START, c -> c.onSanityCheckStart(trainer, module));
            BatchLimit limit = steps < 0 ? run.settings().limits().val() : BatchLimit.count("numSanityValSteps", steps);
            new EvaluationLoop(run, Split.VAL, limit, "numSanityValSteps", true).run();
            run.hooks().callbacks(Hook.ON_SANITY_CHECK_END, c -> c.onSanityCheckEnd(trainer, module));
        } finally {
            run.setSanityChecking(false);
            run.metrics().clearPublished();
        }
    }

    @Override
    protected boolean done() {
        TrainerSettings.Stopping stopping = run.settings().stopping();
        boolean minEpochsDone = progress.epoch() >= stopping.minEpochs();
        return stopping.epochsReached(progress.epoch())
                || stopping.stepsReached(progress.globalStep())
                || run.maxTimeReached()
                || (run.trainer().shouldStop() && minEpochsDone);
    }

    @Override
    protected void advance() {
        new TrainingEpochLoop(run).run();
    }

    @Override
    protected Void onRunEnd() {
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        run.hooks().call(Hook.ON_TRAIN_END, c -> c.onTrainEnd(trainer, module), m -> m.onTrainEnd());
        return null;
    }
}

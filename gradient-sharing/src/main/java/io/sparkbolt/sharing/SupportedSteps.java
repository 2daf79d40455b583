package io.sparkbolt.sharing;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.strategy.StrategyContext;

/**
 * What gradient sharing can run. Its executors train with DL4J's own step (forward, backward,
 * updater, then the threshold-encoded exchange), so a module's own {@code trainingStep}, gradient
 * accumulation and the Trainer's clipping would be silently skipped; they are refused at start
 * instead, naming the alternative.
 */
final class SupportedSteps {
    private SupportedSteps() {
    }

    static void check(StrategyContext context) {
        LightningModule module = context.module();
        if (overridesTrainingStep(module.getClass())) {
            throw new SparkboltException("gradient-sharing trains with DL4J's own step on the executors, so "
                    + module.getClass().getName() + ".trainingStep is never called: use strategy parameter-averaging"
                    + " or local for a custom step, or remove the override");
        }
        if (context.accumulateGradBatches() > 1) {
            throw new SparkboltException("gradient-sharing cannot accumulate gradients (trainer.accumulateGradBatches="
                    + context.accumulateGradBatches() + "): every batch is a step whose update is shared; use 1,"
                    + " a larger batch size, or parameter-averaging");
        }
        if (context.clipping().enabled()) {
            throw new SparkboltException("gradient-sharing cannot apply trainer.gradientClipVal: DL4J's step runs on the"
                    + " executors; set gradient normalisation in the network configuration, or use parameter-averaging");
        }
    }

    private static boolean overridesTrainingStep(Class<?> type) {
        try {
            return type.getMethod("trainingStep", Batch.class, int.class).getDeclaringClass() != LightningModule.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }
}

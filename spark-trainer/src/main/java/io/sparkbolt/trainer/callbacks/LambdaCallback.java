package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import java.util.function.BiConsumer;

/**
 * A callback made of lambdas, as Lightning's {@code LambdaCallback}, for one-off hooks without a
 * class: {@code LambdaCallback.builder().onTrainEpochEnd((trainer, module) -> ...).build()}. Hooks
 * not given do nothing. Java only (a config names classes).
 */
public final class LambdaCallback implements Callback {
    private final Builder hooks;

    private LambdaCallback(Builder hooks) {
        this.hooks = hooks;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A hook with the batch it ran on. */
    @FunctionalInterface
    public interface BatchHook {
        void accept(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx);
    }

    /** A hook with the stage. */
    @FunctionalInterface
    public interface StageHook {
        void accept(Trainer trainer, LightningModule module, Stage stage);
    }

    @Override
    public void setup(Trainer trainer, LightningModule module, Stage stage) {
        if (hooks.setup != null) {
            hooks.setup.accept(trainer, module, stage);
        }
    }

    @Override
    public void teardown(Trainer trainer, LightningModule module, Stage stage) {
        if (hooks.teardown != null) {
            hooks.teardown.accept(trainer, module, stage);
        }
    }

    @Override
    public void onFitStart(Trainer trainer, LightningModule module) {
        run(hooks.onFitStart, trainer, module);
    }

    @Override
    public void onFitEnd(Trainer trainer, LightningModule module) {
        run(hooks.onFitEnd, trainer, module);
    }

    @Override
    public void onTrainStart(Trainer trainer, LightningModule module) {
        run(hooks.onTrainStart, trainer, module);
    }

    @Override
    public void onTrainEnd(Trainer trainer, LightningModule module) {
        run(hooks.onTrainEnd, trainer, module);
    }

    @Override
    public void onTrainEpochStart(Trainer trainer, LightningModule module) {
        run(hooks.onTrainEpochStart, trainer, module);
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        run(hooks.onTrainEpochEnd, trainer, module);
    }

    @Override
    public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
        if (hooks.onTrainBatchEnd != null) {
            hooks.onTrainBatchEnd.accept(trainer, module, outputs, batchIdx);
        }
    }

    @Override
    public void onValidationEnd(Trainer trainer, LightningModule module) {
        run(hooks.onValidationEnd, trainer, module);
    }

    @Override
    public void onTestEnd(Trainer trainer, LightningModule module) {
        run(hooks.onTestEnd, trainer, module);
    }

    private static void run(BiConsumer<Trainer, LightningModule> hook, Trainer trainer, LightningModule module) {
        if (hook != null) {
            hook.accept(trainer, module);
        }
    }

    /** Collects the lambdas; each setter takes the hook of the same name. */
    public static final class Builder {
        private StageHook setup;
        private StageHook teardown;
        private BiConsumer<Trainer, LightningModule> onFitStart;
        private BiConsumer<Trainer, LightningModule> onFitEnd;
        private BiConsumer<Trainer, LightningModule> onTrainStart;
        private BiConsumer<Trainer, LightningModule> onTrainEnd;
        private BiConsumer<Trainer, LightningModule> onTrainEpochStart;
        private BiConsumer<Trainer, LightningModule> onTrainEpochEnd;
        private BatchHook onTrainBatchEnd;
        private BiConsumer<Trainer, LightningModule> onValidationEnd;
        private BiConsumer<Trainer, LightningModule> onTestEnd;

        public Builder setup(StageHook hook) {
            this.setup = hook;
            return this;
        }

        public Builder teardown(StageHook hook) {
            this.teardown = hook;
            return this;
        }

        public Builder onFitStart(BiConsumer<Trainer, LightningModule> hook) {
            this.onFitStart = hook;
            return this;
        }

        public Builder onFitEnd(BiConsumer<Trainer, LightningModule> hook) {
            this.onFitEnd = hook;
            return this;
        }

        public Builder onTrainStart(BiConsumer<Trainer, LightningModule> hook) {
            this.onTrainStart = hook;
            return this;
        }

        public Builder onTrainEnd(BiConsumer<Trainer, LightningModule> hook) {
            this.onTrainEnd = hook;
            return this;
        }

        public Builder onTrainEpochStart(BiConsumer<Trainer, LightningModule> hook) {
            this.onTrainEpochStart = hook;
            return this;
        }

        public Builder onTrainEpochEnd(BiConsumer<Trainer, LightningModule> hook) {
            this.onTrainEpochEnd = hook;
            return this;
        }

        public Builder onTrainBatchEnd(BatchHook hook) {
            this.onTrainBatchEnd = hook;
            return this;
        }

        public Builder onValidationEnd(BiConsumer<Trainer, LightningModule> hook) {
            this.onValidationEnd = hook;
            return this;
        }

        public Builder onTestEnd(BiConsumer<Trainer, LightningModule> hook) {
            this.onTestEnd = hook;
            return this;
        }

        /** The callback. */
        public LambdaCallback build() {
            return new LambdaCallback(this);
        }
    }
}

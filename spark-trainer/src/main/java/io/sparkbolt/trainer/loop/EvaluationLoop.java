package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.BatchLimit;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.ModuleHooks;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.Hook;
import io.sparkbolt.trainer.callbacks.HookDispatcher;
import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Validation or test: rounds of evaluation steps over the split's batches (up to a limit), then
 * the reduced epoch metrics. Inside a sanity check the metrics are computed but not published.
 */
final class EvaluationLoop extends Loop<Map<String, Double>> {
    private final RunContext run;
    private final Split split;
    private final BatchLimit limit;
    private final String limitFlag;
    private final boolean sanityCheck;
    private long maxBatches;
    private long batchIdx;
    private boolean exhausted;
    private MetricCollector epochMetrics;

    EvaluationLoop(RunContext run, Split split, BatchLimit limit, String limitFlag, boolean sanityCheck) {
        this.run = run;
        this.split = split;
        this.limit = limit;
        this.limitFlag = limitFlag;
        this.sanityCheck = sanityCheck;
    }

    @Override
    protected void reset() {
        long total = run.strategy().batchesPerEpoch(split);
        maxBatches = limit.resolve(total, limitFlag);
        batchIdx = 0;
        exhausted = false;
        epochMetrics = new MetricCollector();
    }

    @Override
    protected void onRunStart() {
        run.driverContext().setSplit(split);
        call(Hook.ON_VALIDATION_START, Hook.ON_TEST_START,
                (c, t, m) -> c.onValidationStart(t, m), (c, t, m) -> c.onTestStart(t, m),
                LightningModule::onValidationStart, LightningModule::onTestStart);
        call(Hook.ON_VALIDATION_EPOCH_START, Hook.ON_TEST_EPOCH_START,
                (c, t, m) -> c.onValidationEpochStart(t, m), (c, t, m) -> c.onTestEpochStart(t, m),
                LightningModule::onValidationEpochStart, LightningModule::onTestEpochStart);
    }

    @Override
    protected boolean done() {
        return exhausted || (maxBatches >= 0 && batchIdx >= maxBatches);
    }

    @Override
    protected void advance() {
        int batches = run.strategy().evalBatchesPerRound();
        if (maxBatches >= 0) {
            batches = (int) Math.min(batches, maxBatches - batchIdx);
        }
        int first = (int) batchIdx;
        HookDispatcher hooks = run.hooks();
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        if (split == Split.TEST) {
            hooks.callbacks(Hook.ON_TEST_BATCH_START, c -> c.onTestBatchStart(trainer, module, first));
        } else {
            hooks.callbacks(Hook.ON_VALIDATION_BATCH_START, c -> c.onValidationBatchStart(trainer, module, first));
        }
        // the fit's epoch, so that currentEpoch() in a validation step is the epoch being validated
        RoundResult result = run.runRound(new Round(split, run.progress().epoch(), batchIdx, batches, maxBatches,
                run.progress().globalStep(), false));
        batchIdx += result.batches();
        exhausted = result.exhausted() || result.batches() == 0;
        epochMetrics.mergeEpoch(result.metrics());
        int last = (int) batchIdx - 1;
        if (split == Split.TEST) {
            hooks.callbacks(Hook.ON_TEST_BATCH_END, c -> c.onTestBatchEnd(trainer, module, last));
        } else {
            hooks.callbacks(Hook.ON_VALIDATION_BATCH_END, c -> c.onValidationBatchEnd(trainer, module, last));
        }
    }

    @Override
    protected Map<String, Double> onRunEnd() {
        // as the training epoch's end: ordinary callbacks, module, the run's metrics, then the monitoring callbacks
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        boolean test = split == Split.TEST;
        Consumer<Callback> onCallback = test ? c -> c.onTestEpochEnd(trainer, module) : c -> c.onValidationEpochEnd(trainer, module);
        Consumer<ModuleHooks> onModule = test ? ModuleHooks::onTestEpochEnd : ModuleHooks::onValidationEpochEnd;
        Map<String, Double> values = new LinkedHashMap<>();
        run.hooks().callEpochEnd(test ? Hook.ON_TEST_EPOCH_END : Hook.ON_VALIDATION_EPOCH_END, onCallback, onModule,
                () -> values.putAll(publishMetrics()));
        if (!sanityCheck) {
            // published: a checkpoint saved in on_validation_end must not run this validation again on resume
            run.progress().validationRan();
        }
        call(Hook.ON_VALIDATION_END, Hook.ON_TEST_END,
                (c, t, m) -> c.onValidationEnd(t, m), (c, t, m) -> c.onTestEnd(t, m),
                LightningModule::onValidationEnd, LightningModule::onTestEnd);
        run.driverContext().setSplit(Split.TRAIN);
        return values;
    }

    /**
     * Reduces the run's metrics and publishes them; a sanity check's reach the callbacks (so a
     * monitor can be checked in on_sanity_check_end) but not the loggers, and are forgotten after it.
     */
    private Map<String, Double> publishMetrics() {
        epochMetrics.mergeEpoch(run.driverContext().drain());
        return run.metrics().publishEpoch(epochMetrics, run.progress().globalStep(), run.progress().epoch(), !sanityCheck);
    }

    /** Calls the validation or the test variant of a hook, depending on the split. */
    private void call(Hook valHook, Hook testHook, CallbackCall onVal, CallbackCall onTest,
                      Consumer<LightningModule> moduleVal,
                      Consumer<LightningModule> moduleTest) {
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        boolean test = split == Split.TEST;
        CallbackCall callback = test ? onTest : onVal;
        Consumer<LightningModule> moduleCall = test ? moduleTest : moduleVal;
        run.hooks().call(test ? testHook : valHook, c -> callback.call(c, trainer, module), m -> moduleCall.accept(module));
    }

    /** A callback hook taking the trainer and the module. */
    @FunctionalInterface
    interface CallbackCall {
        void call(Callback callback, Trainer trainer, LightningModule module);
    }
}

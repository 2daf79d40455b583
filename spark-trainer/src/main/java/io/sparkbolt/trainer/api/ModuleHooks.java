package io.sparkbolt.trainer.api;

/**
 * Lightning's module hooks, all no-ops by default. Epoch- and fit-level hooks run on the driver;
 * batch-level hooks run with the step, where the batch runs. A callback's hook of the same name
 * runs before the module's.
 */
public interface ModuleHooks {
    default void setup(Stage stage) {
    }

    default void teardown(Stage stage) {
    }

    default void onFitStart() {
    }

    default void onFitEnd() {
    }

    default void onTrainStart() {
    }

    default void onTrainEnd() {
    }

    default void onTrainEpochStart() {
    }

    default void onTrainEpochEnd() {
    }

    default void onTrainBatchStart(Batch batch, int batchIdx) {
    }

    default void onTrainBatchEnd(StepOutput output, Batch batch, int batchIdx) {
    }

    /** Before the optimiser applies the (accumulated, clipped) gradients. */
    default void onBeforeOptimizerStep() {
    }

    default void onValidationStart() {
    }

    default void onValidationEnd() {
    }

    default void onValidationEpochStart() {
    }

    default void onValidationEpochEnd() {
    }

    default void onTestStart() {
    }

    default void onTestEnd() {
    }

    default void onTestEpochStart() {
    }

    default void onTestEpochEnd() {
    }

    default void onPredictStart() {
    }

    default void onPredictEnd() {
    }
}

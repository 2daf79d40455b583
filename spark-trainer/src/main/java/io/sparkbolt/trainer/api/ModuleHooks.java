package io.sparkbolt.trainer.api;

/**
 * Lightning's module hooks, all no-ops by default. Epoch- and fit-level hooks run on the driver;
 * a callback's hook of the same name runs before the module's (at an epoch's end, a monitoring or
 * checkpointing callback's runs after it: {@code CallbackOrder}).
 *
 * <p>Batch-level hooks run with the step, once per batch, where the batch runs: in this JVM with
 * the local strategy, on each worker with a distributed one. Their {@code batchIdx} is the batch's
 * index within the epoch, 0-based, counted on each worker. The callbacks' batch hooks run on the
 * driver once per round (one batch locally), so a callback's {@code onTrainBatchEnd} follows the
 * module's for the round's last batch.
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

    /** Before the training step of each batch, where the batch runs. */
    default void onTrainBatchStart(Batch batch, int batchIdx) {
    }

    /** After each batch's optimiser step (or its accumulation), where the batch runs. */
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

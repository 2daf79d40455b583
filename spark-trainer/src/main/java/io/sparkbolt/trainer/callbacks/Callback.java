package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import java.util.Map;

/**
 * Lightning's callback hooks, all no-ops by default; callbacks run on the driver only.
 *
 * <p>A callback asks the Trainer to stop through {@link Trainer#requestStop(String)}, never by
 * throwing. Its resumable state goes through {@link #state()} and {@link #loadState(Map)}.
 * With a distributed strategy, batch-level hooks run once per round, with the index of the
 * round's last batch.
 */
public interface Callback {

    /** Key of this callback's state in a checkpoint; unique among the Trainer's callbacks. */
    default String stateKey() {
        return getClass().getSimpleName();
    }

    /** The state to save in a checkpoint. */
    default Map<String, Object> state() {
        return Map.of();
    }

    /** Restores what {@link #state()} returned. */
    default void loadState(Map<String, Object> state) {
    }

    /** Whether this callback must run after all others (checkpointing, as in Lightning). */
    default boolean runsLast() {
        return false;
    }

    default void setup(Trainer trainer, LightningModule module, Stage stage) {
    }

    default void teardown(Trainer trainer, LightningModule module, Stage stage) {
    }

    default void onException(Trainer trainer, LightningModule module, Throwable error) {
    }

    default void onFitStart(Trainer trainer, LightningModule module) {
    }

    default void onFitEnd(Trainer trainer, LightningModule module) {
    }

    default void onSanityCheckStart(Trainer trainer, LightningModule module) {
    }

    default void onSanityCheckEnd(Trainer trainer, LightningModule module) {
    }

    default void onTrainStart(Trainer trainer, LightningModule module) {
    }

    default void onTrainEnd(Trainer trainer, LightningModule module) {
    }

    default void onTrainEpochStart(Trainer trainer, LightningModule module) {
    }

    default void onTrainEpochEnd(Trainer trainer, LightningModule module) {
    }

    default void onTrainBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    /** After a batch (a round, with a distributed strategy); {@code outputs} holds its mean loss. */
    default void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
    }

    default void onValidationStart(Trainer trainer, LightningModule module) {
    }

    default void onValidationEnd(Trainer trainer, LightningModule module) {
    }

    default void onValidationEpochStart(Trainer trainer, LightningModule module) {
    }

    default void onValidationEpochEnd(Trainer trainer, LightningModule module) {
    }

    default void onValidationBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    default void onValidationBatchEnd(Trainer trainer, LightningModule module, int batchIdx) {
    }

    default void onTestStart(Trainer trainer, LightningModule module) {
    }

    default void onTestEnd(Trainer trainer, LightningModule module) {
    }

    default void onTestEpochStart(Trainer trainer, LightningModule module) {
    }

    default void onTestEpochEnd(Trainer trainer, LightningModule module) {
    }

    default void onTestBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    default void onTestBatchEnd(Trainer trainer, LightningModule module, int batchIdx) {
    }

    default void onPredictStart(Trainer trainer, LightningModule module) {
    }

    default void onPredictEnd(Trainer trainer, LightningModule module) {
    }

    default void onPredictEpochStart(Trainer trainer, LightningModule module) {
    }

    default void onPredictEpochEnd(Trainer trainer, LightningModule module) {
    }

    default void onPredictBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    default void onPredictBatchEnd(Trainer trainer, LightningModule module, int batchIdx) {
    }
}

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
 * Every hook of a callback runs before the module's hook of the same name (at an epoch's end,
 * monitoring and checkpointing callbacks run after it: {@link CallbackOrder}).
 *
 * <p><b>Batch hooks and rounds.</b> The Trainer runs batches in rounds: one batch per round in
 * this JVM ({@code local}), K batches on every worker with a distributed strategy, followed by
 * one synchronisation. A batch hook runs once per round on the driver: the {@code *BatchStart}
 * hooks get the index (within the epoch, 0-based, per worker) of the round's first batch, the
 * {@code *BatchEnd} hooks the index of its last batch. Locally the two are the same batch, as in
 * Lightning.
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

    /**
     * Where this callback runs among the others: ordinary ones first, then those that monitor a
     * metric, checkpointing last; see {@link CallbackOrder} for the epoch-end order.
     */
    /**
     * The next global step after {@code globalStep} at which this callback needs the model on the
     * driver (a step-scheduled checkpoint), or {@link Long#MAX_VALUE} when none: a strategy with
     * long rounds ends its round there.
     */
    default long nextStepNeeded(long globalStep) {
        return Long.MAX_VALUE;
    }

    default CallbackOrder order() {
        return CallbackOrder.ORDINARY;
    }

    /** Once per entry point on the driver, before the network is built: {@code stage} says which. */
    default void setup(Trainer trainer, LightningModule module, Stage stage) {
    }

    /** Once per entry point on the driver, after it ended (also when it failed). */
    default void teardown(Trainer trainer, LightningModule module, Stage stage) {
    }

    /** On the driver when an entry point fails, before the error leaves {@code fit}/{@code validate}/... */
    default void onException(Trainer trainer, LightningModule module, Throwable error) {
    }

    /** On the driver once the network is built (and a checkpoint restored), before the sanity check. */
    default void onFitStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver after training ended (after {@link #onTrainEnd}). */
    default void onFitEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver before the sanity-check validation ({@code numSanityValSteps} batches). */
    default void onSanityCheckStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver after the sanity check; its metrics are not published. */
    default void onSanityCheckEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver after the sanity check, before the first training epoch. */
    default void onTrainStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver after the last training epoch (or the stop). */
    default void onTrainEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver at the start of each training epoch ({@link Trainer#currentEpoch()} is the new one). */
    default void onTrainEpochStart(Trainer trainer, LightningModule module) {
    }

    /**
     * On the driver at the end of each training epoch, after its last validation. An ordinary
     * callback runs before the module's hook and before the epoch's metrics are published; a
     * monitoring or checkpointing one after both ({@link CallbackOrder}).
     */
    default void onTrainEpochEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver before each training round; {@code batchIdx} is the round's first batch in the epoch. */
    default void onTrainBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    /**
     * On the driver after each training round, once its optimiser steps are taken and its metrics
     * published; {@code outputs} holds the round's mean loss and examples, {@code batchIdx} the
     * round's last batch in the epoch.
     */
    default void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
    }

    /** On the driver before each validation run (in a fit, in the sanity check, or in {@code validate}). */
    default void onValidationStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver after each validation run, once its metrics are published: where validation metrics are monitored. */
    default void onValidationEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver after {@link #onValidationStart}, before the first validation round. */
    default void onValidationEpochStart(Trainer trainer, LightningModule module) {
    }

    /**
     * On the driver after the last validation round; ordering as for {@link #onTrainEpochEnd}: a
     * monitoring callback sees the run's published metrics.
     */
    default void onValidationEpochEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver before each validation round; {@code batchIdx} is the round's first batch. */
    default void onValidationBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    /** On the driver after each validation round; {@code batchIdx} is the round's last batch. */
    default void onValidationBatchEnd(Trainer trainer, LightningModule module, int batchIdx) {
    }

    /** On the driver when {@code test} starts. */
    default void onTestStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver when {@code test} ends, once its metrics are published. */
    default void onTestEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver after {@link #onTestStart}, before the first test round. */
    default void onTestEpochStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver after the last test round; ordering as for {@link #onValidationEpochEnd}. */
    default void onTestEpochEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver before each test round; {@code batchIdx} is the round's first batch. */
    default void onTestBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    /** On the driver after each test round; {@code batchIdx} is the round's last batch. */
    default void onTestBatchEnd(Trainer trainer, LightningModule module, int batchIdx) {
    }

    /** On the driver when {@code predict} starts. */
    default void onPredictStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver when {@code predict} ends. */
    default void onPredictEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver after {@link #onPredictStart}, before the first predict round. */
    default void onPredictEpochStart(Trainer trainer, LightningModule module) {
    }

    /** On the driver after the last predict round. */
    default void onPredictEpochEnd(Trainer trainer, LightningModule module) {
    }

    /** On the driver before each predict round; {@code batchIdx} is the round's first batch. */
    default void onPredictBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
    }

    /** On the driver after each predict round; {@code batchIdx} is the round's last batch. */
    default void onPredictBatchEnd(Trainer trainer, LightningModule module, int batchIdx) {
    }
}

package io.sparkbolt.trainer.callbacks;

/**
 * Where a callback stands among the others, as Lightning orders them: ordinary callbacks first (in
 * the order given), then those that monitor a metric ({@link EarlyStopping}), checkpointing last
 * ({@link ModelCheckpoint}), so a checkpoint holds every other callback's state after the hook.
 *
 * <p>At the end of an epoch (training, validation or test) the ordinary callbacks' hook runs, then
 * the module's, then the epoch's metrics are published, and only then the monitoring and
 * checkpointing callbacks' hook: they see what the module logged in its epoch-end hook and the
 * epoch's aggregates, never the previous epoch's.
 */
public enum CallbackOrder {
    /** Runs before the module's hook of the same name. */
    ORDINARY,
    /** Watches a metric: at an epoch's end, runs after the module's hook and the epoch's metrics. */
    MONITORING,
    /** Saves checkpoints: as {@link #MONITORING}, and after every other callback. */
    CHECKPOINTING;

    /** Whether this callback's epoch-end hook waits for the epoch's published metrics. */
    public boolean monitors() {
        return this != ORDINARY;
    }
}

/**
 * Callbacks run on the driver only. Callback has Lightning's hook set as no-op defaults;
 * HookDispatcher is the single path every hook call takes (callbacks first, in CallbackOrder:
 * ordinary, monitoring, checkpointing; then the module; at an epoch's end the monitoring ones after
 * the module and the published metrics), timing each into HookTimings. Built-ins: ProgressBar, ModelSummary,
 * ModelCheckpoint, EarlyStopping, LearningRateMonitor, Timer and LambdaCallback; callbacks that
 * stop training do it through the Trainer's stop flag; Monitors fails a monitor the sanity check
 * shows is never logged; SaveSchedule is when ModelCheckpoint saves. Callbacks keep their counters in
 * {@link io.sparkbolt.trainer.callbacks.Callback#state()} for checkpoints.
 */
package io.sparkbolt.trainer.callbacks;

/**
 * Callbacks run on the driver only. Callback has Lightning's hook set as no-op defaults;
 * HookDispatcher is the single path every hook call takes (callbacks first, run-last ones at the
 * end, then the module), timing each into HookTimings. Built-ins: ProgressBar, ModelSummary,
 * ModelCheckpoint, EarlyStopping, LearningRateMonitor, Timer and LambdaCallback; callbacks that
 * stop training do it through the Trainer's stop flag, and keep their counters in
 * {@link io.sparkbolt.trainer.callbacks.Callback#state()} for checkpoints.
 */
package io.sparkbolt.trainer.callbacks;

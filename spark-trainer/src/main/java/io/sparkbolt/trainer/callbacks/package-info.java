/**
 * Callbacks run on the driver only. Callback has Lightning's hook set as no-op defaults;
 * HookDispatcher is the single path every hook call takes (callbacks first, run-last ones at the
 * end, then the module), timing each into HookTimings. Built-ins: ProgressBar, ModelSummary,
 * ModelCheckpoint.
 */
package io.sparkbolt.trainer.callbacks;

/**
 * The driver's loops. Each follows one template (Loop: reset, start, advance until done, end):
 * FitLoop runs TrainingEpochLoops, which run rounds on the strategy and validation when due
 * (EvaluationLoop); PredictionLoop collects outputs. FitProgress holds the resumable counters;
 * RunContext what one entry point shares. The loops never touch Spark types.
 *
 * <p>Internal: used by the Trainer and the strategies, not an API for user code.
 */
@Internal
package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.api.Internal;

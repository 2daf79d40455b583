/**
 * Logged values: MetricAccumulator is a mergeable reduction (weighted mean, sum, max, min),
 * MetricCollector what one round or epoch recorded under Lightning's names, TrainerMetrics the
 * driver's callback, progress-bar and logged metrics.
 *
 * <p>Internal: used by the Trainer and the strategies, not an API for user code.
 */
@Internal
package io.sparkbolt.trainer.metrics;

import io.sparkbolt.trainer.api.Internal;

/**
 * Logged values: MetricAccumulator is a mergeable reduction (weighted mean, sum, max, min),
 * MetricCollector what one round or epoch recorded under Lightning's names, TrainerMetrics the
 * driver's callback, progress-bar and logged metrics.
 */
package io.sparkbolt.trainer.metrics;

/**
 * Spark ML for Sparkbolt: {@link io.sparkbolt.ml.SparkboltEstimator} trains a LightningModule on a
 * frame's features vector and label with any strategy, and {@link io.sparkbolt.ml.SparkboltModel}
 * infers on the executors, appending MLlib's prediction columns. Both are saved and loaded with
 * Spark ML, alone or in a Pipeline; a saved model's directory holds a Sparkbolt checkpoint.
 */
package io.sparkbolt.ml;

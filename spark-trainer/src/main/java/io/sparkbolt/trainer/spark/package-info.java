/**
 * Spark session handling for the distributed strategies: {@link io.sparkbolt.trainer.spark.SparkSettings}
 * is the config's {@code spark:} section, {@link io.sparkbolt.trainer.spark.SparkContexts} takes over the
 * active context or creates one. The loops never see these types.
 */
package io.sparkbolt.trainer.spark;

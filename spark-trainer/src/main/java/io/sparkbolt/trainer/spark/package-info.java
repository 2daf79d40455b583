/**
 * Spark session handling for the distributed strategies: {@link io.sparkbolt.trainer.spark.SparkSettings}
 * is the config's {@code spark:} section, {@link io.sparkbolt.trainer.spark.SparkContexts} takes over the
 * active context or creates one (and stops only one it created), and
 * {@link io.sparkbolt.trainer.spark.SparkFailures} turns a failed Spark job into the one line the user
 * needs. The loops never see these types.
 */
package io.sparkbolt.trainer.spark;

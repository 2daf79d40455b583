/**
 * Spark session handling for the distributed strategies: {@link io.sparkbolt.trainer.spark.SparkSettings}
 * is the config's {@code spark:} section, {@link io.sparkbolt.trainer.spark.SparkContexts} takes over the
 * active context or creates one (and stops only one it created), and
 * {@link io.sparkbolt.trainer.spark.SparkFailures} turns a failed Spark job into the one line the user
 * needs; {@link io.sparkbolt.trainer.spark.JavaBytes} serialises what travels as bytes in a
 * broadcast and reads it back through the task's class loader (the user's jars). The loops never
 * see these types.
 */
package io.sparkbolt.trainer.spark;

/**
 * Spark session handling for the distributed strategies: {@link io.sparkbolt.trainer.spark.SparkSettings}
 * is the config's {@code spark:} section, {@link io.sparkbolt.trainer.spark.SparkContexts} takes over the
 * active context or creates one (and stops only one it created), and
 * {@link io.sparkbolt.trainer.spark.SparkFailures} turns a failed Spark job into the one line the user
 * needs; {@link io.sparkbolt.trainer.spark.JavaBytes} serialises what travels as bytes in a
 * broadcast and reads it back through the task's class loader (the user's jars), and
 * {@link io.sparkbolt.trainer.spark.Nd4jKryoRegistrator} is Kryo for ND4J arrays. What differs
 * between the Spark 3.5 and Spark 4 lines sits here too: {@link io.sparkbolt.trainer.spark.ScalaInterop}
 * is the one seam to Scala's types, {@link io.sparkbolt.trainer.spark.SparkLine} says which line runs
 * and what it lacks. The loops never see these types.
 */
package io.sparkbolt.trainer.spark;

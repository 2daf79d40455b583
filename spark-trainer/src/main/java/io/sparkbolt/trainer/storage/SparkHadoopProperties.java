package io.sparkbolt.trainer.storage;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * The Hadoop settings a user gives Spark as {@code spark.hadoop.*} (S3 credentials providers,
 * endpoints, file-system implementations), as Spark's own {@code SparkHadoopUtil} applies them:
 * from the JVM's system properties (spark-submit sets them on the driver), from the run's own Spark
 * settings (a config's {@code spark.conf}, which apply even when no Spark context runs, as under the
 * local strategy) and from the running Spark environment's configuration (the driver's context, or
 * an executor's).
 */
final class SparkHadoopProperties {
    private static final String PREFIX = "spark.hadoop.";
    private static volatile Map<String, String> runSettings = Map.of();

    private SparkHadoopProperties() {
    }

    /** Takes the {@code spark.hadoop.*} entries of a run's Spark settings ({@code spark.conf} of its config). */
    static void useRunSettings(Map<String, String> sparkConf) {
        Map<String, String> hadoop = new TreeMap<>();
        sparkConf.forEach((name, value) -> {
            if (name.startsWith(PREFIX)) {
                hadoop.put(name.substring(PREFIX.length()), value);
            }
        });
        runSettings = Map.copyOf(hadoop);
    }

    /** The properties with the prefix taken off; empty when there are none. */
    static Map<String, String> current() {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key instanceof String name && name.startsWith(PREFIX)) {
                properties.put(name.substring(PREFIX.length()), String.valueOf(value));
            }
        });
        properties.putAll(runSettings);
        try {
            SparkEnv env = SparkEnv.get();
            if (env != null) {
                for (Tuple2<String, String> entry : env.conf().getAll()) {
                    if (entry._1().startsWith(PREFIX)) {
                        properties.put(entry._1().substring(PREFIX.length()), entry._2());
                    }
                }
            }
        } catch (NoClassDefFoundError e) {
            // Spark is not on the class path (plain local training): system properties only
        }
        return properties;
    }
}

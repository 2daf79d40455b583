package io.sparkbolt.trainer.storage;

import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkEnv;
import scala.Tuple2;

/**
 * The Hadoop settings a user gives Spark as {@code spark.hadoop.*} (S3 credentials providers,
 * endpoints, file-system implementations), as Spark's own {@code SparkHadoopUtil} applies them:
 * from the JVM's system properties (spark-submit sets them on the driver) and from the running
 * Spark environment's configuration (the driver's context, or an executor's).
 */
final class SparkHadoopProperties {
    private static final String PREFIX = "spark.hadoop.";

    private SparkHadoopProperties() {
    }

    /** The properties with the prefix taken off; empty when there are none. */
    static Map<String, String> current() {
        Map<String, String> properties = new TreeMap<>();
        System.getProperties().forEach((key, value) -> {
            if (key instanceof String name && name.startsWith(PREFIX)) {
                properties.put(name.substring(PREFIX.length()), String.valueOf(value));
            }
        });
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

package io.sparkbolt.trainer.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code spark:} section of a run config: the master, the application name and extra Spark
 * properties. Used only when no Spark context is active yet; an active one (Databricks notebooks,
 * {@code spark-submit}) is taken over as it is.
 *
 * @param master  e.g. {@code local[2]}, {@code spark://host:7077}, {@code yarn}; {@code null} leaves it to spark-submit
 * @param appName the application name shown in the Spark UI
 * @param conf    further {@code spark.*} properties
 */
public record SparkSettings(String master, String appName, Map<String, String> conf) implements Serializable {

    public SparkSettings {
        appName = appName == null ? "sparkbolt" : appName;
        conf = conf == null ? Map.of() : new TreeMap<>(conf);
    }

    /** No settings: take over the active context, or create one from spark-submit's properties. */
    public static SparkSettings defaults() {
        return new SparkSettings(null, null, null);
    }

    /** A local master with {@code threads} task slots, e.g. for tests. */
    public static SparkSettings local(int threads) {
        return new SparkSettings("local[" + threads + "]", null, null);
    }
}

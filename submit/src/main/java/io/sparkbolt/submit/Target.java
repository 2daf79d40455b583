package io.sparkbolt.submit;

import java.util.Locale;

/** Where {@code sparkbolt submit} sends a run, and how each cluster manager is told about executors. */
enum Target {
    /** Spark's own standalone cluster manager ({@code spark://host:7077}). */
    STANDALONE,
    /** Hadoop YARN. */
    YARN,
    /** Kubernetes ({@code k8s://https://api-server}). */
    K8S,
    /** Databricks: a Jobs API request for a {@code spark_jar_task}, not a spark-submit command. */
    DATABRICKS;

    /** The name as given on the command line. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The master a config without one gets for this target. */
    String defaultMaster() {
        return switch (this) {
            case STANDALONE -> "spark://127.0.0.1:7077";
            case YARN -> "yarn";
            case K8S -> "k8s://https://kubernetes.default.svc";
            case DATABRICKS -> null;
        };
    }
}

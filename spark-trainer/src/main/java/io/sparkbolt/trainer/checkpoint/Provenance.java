package io.sparkbolt.trainer.checkpoint;

import io.sparkbolt.trainer.spark.SparkLine;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where a checkpoint came from: the versions of Sparkbolt, DL4J, ND4J, Spark, Scala and Java it was
 * written with, read from the jars' own Maven metadata, so a user can tell which build to resume
 * it with.
 */
public final class Provenance {
    private Provenance() {
    }

    /** The versions in this JVM, by component; a component that is not on the class path is left out. */
    public static Map<String, Object> versions() {
        Map<String, Object> versions = new LinkedHashMap<>();
        put(versions, "sparkbolt", properties("/io/sparkbolt/trainer/version.properties").getProperty("version"));
        put(versions, "deeplearning4j", mavenVersion("org.deeplearning4j", "deeplearning4j-nn"));
        put(versions, "nd4j", mavenVersion("org.nd4j", "nd4j-api"));
        // Spark's own version file, the same on every Scala line (the Maven metadata's path carries the Scala suffix)
        SparkLine line = SparkLine.current();
        put(versions, "spark", line.spark().equals("unknown") ? null : line.spark());
        put(versions, "scala", line.scala());
        put(versions, "java", System.getProperty("java.version"));
        return versions;
    }

    private static void put(Map<String, Object> into, String key, String value) {
        if (value != null && !value.startsWith("${")) {
            into.put(key, value);
        }
    }

    /** The version in a jar's {@code META-INF/maven/<group>/<artifact>/pom.properties}, or {@code null}. */
    private static String mavenVersion(String group, String artifact) {
        return properties("/META-INF/maven/" + group + "/" + artifact + "/pom.properties").getProperty("version");
    }

    private static Properties properties(String resource) {
        Properties properties = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // provenance is informative only: an unreadable resource leaves the version out
        }
        return properties;
    }
}

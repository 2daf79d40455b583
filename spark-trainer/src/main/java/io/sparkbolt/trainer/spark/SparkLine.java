package io.sparkbolt.trainer.spark;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Which Spark line this JVM runs: Spark 3.5 with Scala 2.12, or Spark 4 with Scala 2.13. Sparkbolt
 * is built once per line (the default build and {@code -Pspark4}); what one line cannot offer is
 * said here, once, so the error a user sees names the reason and the way out.
 *
 * @param spark the Spark version on the class path (Spark's own {@code spark-version-info.properties})
 * @param scala the Scala binary version ({@code 2.12} or {@code 2.13})
 */
public record SparkLine(String spark, String scala) {

    /** Strategies that exist on the Scala 2.12 line only, with why. */
    private static final Map<String, String> SCALA_2_12_ONLY = Map.of("gradient-sharing",
            "DL4J's gradient exchange (dl4j-spark-parameterserver) is built for Scala 2.12 only");

    /** The line of this JVM's class path. */
    public static SparkLine current() {
        return new SparkLine(sparkVersion(), ScalaInterop.binaryVersion());
    }

    /** How the README and errors name the line: {@code Spark 4.0.1 / Scala 2.13}. */
    public String describe() {
        return "Spark " + spark + " / Scala " + scala;
    }

    /**
     * Why {@code strategy} cannot run on this line, or empty where it can (or is unknown everywhere):
     * {@code gradient-sharing} on Scala 2.13.
     */
    public Optional<String> strategyUnavailable(String strategy) {
        String reason = SCALA_2_12_ONLY.get(strategy);
        if (reason == null || scala.equals("2.12")) {
            return Optional.empty();
        }
        return Optional.of("strategy '" + strategy + "' is not in the " + describe() + " build: " + reason
                + "; use strategy: ddp (synchronous all-reduce), or the Spark 3.5 / Scala 2.12 build");
    }

    private static String sparkVersion() {
        Properties properties = new Properties();
        try (InputStream in = SparkLine.class.getResourceAsStream("/spark-version-info.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // only informative: an unreadable file leaves the version unknown
        }
        return properties.getProperty("version", "unknown");
    }
}

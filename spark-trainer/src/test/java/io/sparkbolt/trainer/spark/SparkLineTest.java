package io.sparkbolt.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which line runs, and what the Spark 4 line refuses, as a user sees it. */
class SparkLineTest {

    @Test
    void theClassPathIsTheLineThisBuildIsFor() {
        // surefire passes the build's spark.version and scala.binary.version (-Pspark4 or the default)
        SparkLine line = SparkLine.current();
        assertEquals(System.getProperty("sparkbolt.build.spark"), line.spark());
        assertEquals(System.getProperty("sparkbolt.build.scala"), line.scala());
        assertEquals(org.apache.spark.package$.MODULE$.SPARK_VERSION(), line.spark());
    }

    @Test
    void gradientSharingIsRefusedOnScala213WithTheWayOut() {
        String reason = new SparkLine("4.0.1", "2.13").strategyUnavailable("gradient-sharing").orElseThrow();
        assertEquals("strategy 'gradient-sharing' is not in the Spark 4.0.1 / Scala 2.13 build: DL4J's gradient exchange"
                + " (dl4j-spark-parameterserver) is built for Scala 2.12 only; use strategy: ddp (synchronous all-reduce),"
                + " or the Spark 3.5 / Scala 2.12 build", reason);
        assertTrue(new SparkLine("3.5.5", "2.12").strategyUnavailable("gradient-sharing").isEmpty());
        assertTrue(new SparkLine("4.0.1", "2.13").strategyUnavailable("ddp").isEmpty());
    }

    @Test
    void namingGradientSharingWithoutItsModuleSaysWhy() {
        // spark-trainer's tests have no gradient-sharing module: the 2.12 line lists the known names, 2.13 explains
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrategyProvider.named("gradient-sharing"));
        if (SparkLine.current().scala().equals("2.13")) {
            assertTrue(e.getMessage().startsWith("strategy 'gradient-sharing' is not in the Spark 4"), e.getMessage());
        } else {
            assertTrue(e.getMessage().startsWith("unknown strategy 'gradient-sharing'"), e.getMessage());
        }
    }

    @Test
    void scalaCollectionsCrossTheSeam() {
        scala.collection.Seq<String> seq = scala.collection.JavaConverters.asScalaBuffer(List.of("a", "b")).toSeq();
        assertEquals(List.of("a", "b"), ScalaInterop.toJavaList(seq));
        List<Integer> back = new java.util.ArrayList<>();
        ScalaInterop.toJavaIterator(ScalaInterop.toScalaIterator(List.of(1, 2, 3).iterator())).forEachRemaining(back::add);
        assertEquals(List.of(1, 2, 3), back);
        assertEquals(Integer.class, ScalaInterop.classTag(Integer.class).runtimeClass());
        assertTrue(ScalaInterop.none().isEmpty());
    }

    @Test
    void databricksStandardAccessModeIsNamedWithTheModeThatWorks() {
        // Databricks' own error, as its Spark Connect client raises it for SparkContext (no such compute runs here)
        Exception connect = new org.apache.spark.SparkException("[UNSUPPORTED_CONNECT_FEATURE.SESSION_SPARK_CONTEXT] Feature is not"
                + " supported in Spark Connect: SparkContext is not available on Standard access mode or Serverless compute.");
        String line = SparkContexts.startFailure("databricks", connect).getMessage();
        assertTrue(line.startsWith("no SparkContext on this compute ([UNSUPPORTED_CONNECT_FEATURE.SESSION_SPARK_CONTEXT]"), line);
        assertTrue(line.endsWith("run it on a cluster in Dedicated (single user) access mode"), line);
        assertEquals("Spark did not start (spark.master=warp://x): Could not parse Master URL",
                SparkContexts.startFailure("warp://x", new org.apache.spark.SparkException("Could not parse Master URL")).getMessage());
    }
}

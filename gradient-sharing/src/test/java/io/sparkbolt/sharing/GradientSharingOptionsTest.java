package io.sparkbolt.sharing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.TargetSparsityThresholdAlgorithm;
import org.junit.jupiter.api.Test;

/** Config options, their checks, and the pieces of the exchange's set-up that need no cluster. */
class GradientSharingOptionsTest {

    /** The strategy a config's options give, on a trusted network (allowUnauthenticatedExchange: true unless given). */
    private static GradientSharing fromConfig(Map<String, Object> options) {
        Map<String, Object> trusted = new java.util.HashMap<>(Map.of("allowUnauthenticatedExchange", true));
        trusted.putAll(options);
        return (GradientSharing) StrategyProvider.named("gradient-sharing").create(trusted, SparkSettings.defaults());
    }

    @Test
    void theUnauthenticatedExchangeIsRefusedUnlessTheNetworkIsDeclaredTrusted() {
        SparkboltException refused = assertThrows(SparkboltException.class, () -> fromConfig(Map.of("allowUnauthenticatedExchange", false)));
        assertEquals(GradientSharingOptions.UNAUTHENTICATED_EXCHANGE, refused.getMessage());
        assertTrue(refused.getMessage().contains("allowUnauthenticatedExchange: true") && refused.getMessage().contains("ddp"));
        assertThrows(SparkboltException.class, () -> GradientSharing.builder().build());
        assertTrue(fromConfig(Map.of()).options().allowUnauthenticatedExchange());
    }

    @Test
    void theExchangeListensOnTheDriversOwnAddressNeverOnEveryNetwork() {
        for (String wildcard : new String[] {"0.0.0.0", "::"}) {
            SparkboltException error = assertThrows(SparkboltException.class, () -> fromConfig(Map.of("controllerAddress", wildcard)));
            assertTrue(error.getMessage().contains("controllerAddress") && error.getMessage().contains("wildcard"), error.getMessage());
        }
    }

    @Test
    void configOptionsReachTheStrategy() {
        GradientSharingOptions options = fromConfig(Map.of("chunkSteps", 32, "thresholdAlgorithm", "target-sparsity",
                "initialThreshold", 1e-3, "targetSparsity", 0.01, "residualClipping", 0, "workersPerNode", 2,
                "unicastPort", 40200, "networkMask", "10.1.0.0/16", "mesh", true, "connectTimeout", 5)).options();
        assertEquals(32, options.chunkSteps());
        assertEquals(ThresholdMode.TARGET_SPARSITY, options.thresholdMode());
        assertEquals(0.01, options.targetSparsity());
        assertEquals(0.0, options.residualClipping());
        assertEquals(2, options.workersPerNode());
        assertEquals(40200, options.unicastPort());
        assertEquals("10.1.0.0/16", options.networkMask());
        assertTrue(options.mesh());
        assertEquals(5, options.connectTimeout());
        assertNull(options.controllerAddress(), "derived from the Spark context when not set");
    }

    @Test
    void everyBuilderOptionIsAConfigOptionAndTheDefaultsAreTheDefinitions() {
        java.util.TreeSet<String> setters = java.util.Arrays.stream(GradientSharingOptions.Builder.class.getDeclaredMethods())
                .filter(m -> java.lang.reflect.Modifier.isPublic(m.getModifiers()) && m.getReturnType() == GradientSharingOptions.Builder.class
                        && !m.getName().equals("spark"))
                .map(m -> m.getName()).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        java.util.TreeSet<String> options = GradientSharingOptions.OPTIONS.stream().map(o -> o.name())
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        assertEquals(setters, options, "a builder method without a config option, or the reverse");
        GradientSharingOptions defaults = fromConfig(Map.of()).options();
        assertEquals(GradientSharing.builder().allowUnauthenticatedExchange(true).build().options(), defaults);
        assertEquals(64, defaults.chunkSteps());
        assertEquals(ThresholdMode.ADAPTIVE, defaults.thresholdMode());
        assertEquals(1e-3, defaults.targetSparsity());
        assertEquals(40123, defaults.unicastPort());
        assertNull(defaults.networkMask());
    }

    @Test
    void thresholdModesMapToDl4jAlgorithms() {
        assertTrue(ThresholdMode.FIXED.algorithm(1e-3, 1e-3) instanceof FixedThresholdAlgorithm);
        assertTrue(ThresholdMode.TARGET_SPARSITY.algorithm(1e-3, 1e-3) instanceof TargetSparsityThresholdAlgorithm);
        assertEquals(ThresholdMode.ADAPTIVE, ThresholdMode.parse("adaptive"));
    }

    @Test
    void badOptionsNameTheOption() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> fromConfig(Map.of("chunks", 3)));
        assertTrue(unknown.getMessage().contains("'chunks'") && unknown.getMessage().contains("chunkSteps"), unknown.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class,
                () -> fromConfig(Map.of("thresholdAlgorithm", "sometimes")));
        assertTrue(mode.getMessage().contains("adaptive, fixed or target-sparsity"), mode.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> fromConfig(Map.of("mesh", "yes")));
        assertTrue(type.getMessage().contains("mesh expects true or false"), type.getMessage());
        SparkboltException range = assertThrows(SparkboltException.class, () -> fromConfig(Map.of("unicastPort", 70000)));
        assertTrue(range.getMessage().contains("unicastPort"), range.getMessage());
        SparkboltException chunk = assertThrows(SparkboltException.class, () -> fromConfig(Map.of("chunkSteps", 0)));
        assertTrue(chunk.getMessage().contains("chunkSteps must be >= 1"), chunk.getMessage());
    }

    @Test
    void executorsTakeTheSlash24OfTheirSparkAddress() {
        assertEquals("192.0.2.0/24", ExecutorTraining.maskOf("192.0.2.17"));
        assertEquals("127.0.0.0/24", ExecutorTraining.maskOf("127.0.0.1"));
    }

    @Test
    void theDriverAsksForTheControllerPort() {
        assertEquals(40123, new ExchangePorts(40123, 0).getPort(), "outside a task: the controller's port");
    }

    @Test
    void aWaitThatNeverJoinsIsInterruptedWithinTheBound() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        long start = System.nanoTime();
        boolean interrupted = false;
        boolean fired;
        try (JoinWatchdog watchdog = JoinWatchdog.watchCurrentThread(() -> false, 300)) {
            try {
                never.await(30, TimeUnit.SECONDS); // DL4J's introduction loop, waiting for a controller that never answers
            } catch (InterruptedException e) {
                interrupted = true;
            }
            fired = watchdog.fired();
        }
        assertTrue(interrupted && fired, "the watchdog interrupted the wait");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "within the bound");
        assertFalse(Thread.currentThread().isInterrupted(), "no interrupt left behind");
        String line = ExecutorTraining.joinFailure("192.0.2.7", "192.0.2.2", 40123, 60);
        assertTrue(line.contains("192.0.2.2:40123") && line.contains("192.0.2.7") && !line.contains("\n"), line);
    }

    @Test
    void aWaitThatJoinsIsLeftAlone() throws Exception {
        try (JoinWatchdog watchdog = JoinWatchdog.watchCurrentThread(() -> true, 50)) {
            Thread.sleep(300);
            assertFalse(watchdog.fired());
        }
    }
}

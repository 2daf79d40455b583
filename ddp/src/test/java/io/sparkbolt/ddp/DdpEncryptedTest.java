package io.sparkbolt.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.testing.LogCapture;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ddp} in an application that authenticates and encrypts its network traffic
 * ({@code spark.authenticate}, {@code spark.network.crypto.enabled}): the ring encrypts its frames
 * too, and training is unchanged (the equivalence check holds).
 */
@Timeout(300)
class DdpEncryptedTest {
    private static JavaSparkContext spark;

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("ddp-encrypted-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.authenticate", "true").set("spark.authenticate.secret", "a test secret")
                .set("spark.network.crypto.enabled", "true"));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void theRingEncryptsItsFramesAndTrainsAsWithout() {
        try (LogCapture log = new LogCapture("io.sparkbolt.ddp")) {
            double maxRelative = DdpEquivalence.maxRelativeDifferenceAfter50SgdSteps();
            assertTrue(maxRelative <= 1e-4, "max relative difference " + maxRelative);
            List<String> joined = log.containing("joined its ring");
            assertEquals(2, joined.stream().filter(line -> line.contains("frames encrypted")).count(),
                    "both workers encrypt (rings are kept between segments, so each joins once): " + joined);
        }
    }
}

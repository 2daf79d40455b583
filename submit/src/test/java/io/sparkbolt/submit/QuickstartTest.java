package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's quickstart config ({@code conf/mnist-mlp.yaml}) as shipped, in small slices, with its
 * own strategy and with parameter averaging and ddp on {@code local[2]}: on whichever Spark line this
 * build is (.ci/run runs it on both).
 */
class QuickstartTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local", "{name: parameter-averaging, numWorkers: 2, averagingFrequency: 8}", "{name: ddp, numWorkers: 2}"})
    void theQuickstartConfigTrains(String strategy, @TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        // two shards, one per worker (ddp needs one at least per worker; the local loop reads both in order)
        CliRun run = CliRun.of("fit", "--config", "../conf/mnist-mlp.yaml", "--data.args.dir=../data/mnist", "--data.args.numShards=2",
                "--trainer.defaultRootDir=" + dir, "--trainer.maxEpochs=1", "--trainer.limitTrainBatches=120",
                "--trainer.limitValBatches=20", "--trainer.enableProgressBar=false", "--trainer.strategy=" + strategy,
                "--spark.master=local[2]", "--spark.conf.spark.ui.enabled=false", "--results", results.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode metrics = new ObjectMapper().readTree(results.toFile());
        assertTrue(metrics.get("val_acc").asDouble() > 0.8, strategy + ": " + metrics);
        assertTrue(Files.exists(dir.resolve("sparkbolt_logs/version_0/metrics.csv")), "logged under the given root");
    }
}

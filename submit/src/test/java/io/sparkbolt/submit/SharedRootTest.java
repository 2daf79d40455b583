package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.submit.cluster.LocalCluster;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.checkpoint.CheckpointState;
import io.sparkbolt.trainer.storage.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code sparkbolt fit} processes started together with one {@code defaultRootDir}: each gets
 * a version directory of its own, its metrics.csv holds exactly its own rows, and its checkpoints
 * load.
 */
class SharedRootTest {
    private static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();
    private static final int STEPS = 40;

    @Test
    void twoFitsStartedTogetherInOneRootKeepToTheirOwnVersions(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("runs");
        Process first = ChildCli.start(dir.resolve("first.log"), Map.of(), "fit", "--config", config(dir, "first", root, 7).toString());
        Process second = ChildCli.start(dir.resolve("second.log"), Map.of(), "fit", "--config", config(dir, "second", root, 8).toString());
        boolean firstDone = first.waitFor(240, TimeUnit.SECONDS);
        boolean secondDone = second.waitFor(240, TimeUnit.SECONDS);
        LocalCluster.stop(first);
        LocalCluster.stop(second);
        assertTrue(firstDone && first.exitValue() == 0, LocalCluster.tail(dir.resolve("first.log")));
        assertTrue(secondDone && second.exitValue() == 0, LocalCluster.tail(dir.resolve("second.log")));
        Path aloneRoot = dir.resolve("alone");
        Process alone = ChildCli.start(dir.resolve("alone.log"), Map.of(), "fit", "--config", config(dir, "alone", aloneRoot, 7).toString());
        assertTrue(alone.waitFor(240, TimeUnit.SECONDS) && alone.exitValue() == 0, LocalCluster.tail(dir.resolve("alone.log")));
        String aloneRows = Files.readString(aloneRoot.resolve("sparkbolt_logs/version_0/metrics.csv"));

        Path experiment = root.resolve("sparkbolt_logs");
        try (var versions = Files.list(experiment)) {
            assertEquals(List.of("version_0", "version_1"), versions.map(p -> p.getFileName().toString()).sorted().toList());
        }
        Set<Long> seeds = new HashSet<>();
        for (String version : List.of("version_0", "version_1")) {
            Path dirOfRun = experiment.resolve(version);
            CheckpointState last = CheckpointIO.read(Storage.path(dirOfRun.resolve("checkpoints/last.ckpt").toString())).state();
            assertEquals(STEPS, last.globalStep(), version);
            assertEquals(Storage.path(dirOfRun.toString()).toString(), last.loggers().get(0).asMap().get("logDir"),
                    version + ": its checkpoint names its own version");
            seeds.add(last.seed());
            if (last.seed() == 7) {
                assertEquals(aloneRows, Files.readString(dirOfRun.resolve("metrics.csv")),
                        version + ": exactly the rows the same fit logs when it runs alone");
            }
            String config = Files.readString(dirOfRun.resolve("config.yaml"));
            assertTrue(config.contains("seed: " + last.seed()), version + ": its own config beside its own checkpoint");
        }
        assertEquals(Set.of(7L, 8L), seeds, "one version per run");
        try (var files = Files.walk(root)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
                    "no temporary file is left");
        }
    }

    private static Path config(Path dir, String name, Path root, long seed) throws Exception {
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, String.join("\n",
                "seed: " + seed,
                "model: {class: MlpClassifier, args: {hidden: [32], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}",
                "data: {class: MnistDataModule, args: {dir: '" + MNIST + "', batchSize: 32}}",
                "trainer:",
                "  maxEpochs: 1",
                "  limitTrainBatches: " + STEPS,
                "  limitValBatches: 2",
                "  logEveryNSteps: 1",
                "  enableProgressBar: false",
                "  defaultRootDir: '" + root + "'",
                "  callbacks: [{class: ModelCheckpoint, args: {everyNTrainSteps: 5, saveLast: true, saveTopK: 1}}]",
                "  strategy: local",
                ""));
        return config;
    }
}

package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.submit.cluster.LocalCluster;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The driver dies mid-epoch ({@code kill -9}) while {@code ModelCheckpoint(everyNTrainSteps)} is
 * writing checkpoints: just after a checkpoint was written, or while one is being written (a
 * writer held open), with the local strategy and with parameter averaging on local[2].
 * {@code sparkbolt fit --ckptPath last} in a new JVM must load that checkpoint (its step, its
 * version directory, the "Restoring states" line) and end with the parameters and the metrics.csv
 * of a fit that was never interrupted, bit for bit. Every wait is bounded.
 */
class DriverCrashIT {
    private static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();
    private static final int STEPS_PER_EPOCH = 120;
    private static final int CHECKPOINT_EVERY = 10;
    private static final long FIT_SECONDS = 300;
    private static final String VERSION = "logs/sparkbolt_logs/version_0";

    static Stream<Arguments> crashes() {
        return Stream.of(Arguments.of("local", false), Arguments.of("parameter-averaging", false), Arguments.of("local", true));
    }

    @ParameterizedTest(name = "{0}, killed while writing a checkpoint: {1}")
    @MethodSource("crashes")
    void aKilledDriverResumesFromLastAndEndsBitIdentical(String strategy, boolean duringWrite, @TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        long start = System.nanoTime();
        finish(fit(config(whole, strategy), false, Map.of()), whole);
        double wholeSeconds = (System.nanoTime() - start) / 1e9;

        Path crashed = dir.resolve("crashed");
        Path config = config(crashed, strategy);
        start = System.nanoTime();
        Path checkpoints = crashed.resolve(VERSION + "/checkpoints");
        Process driver = fit(config, false, duringWrite
                ? Map.of("spark.hadoop.fs.file.impl", SlowCheckpointFileSystem.class.getName(),
                        "spark.hadoop.fs.file.impl.disable.cache", "true")
                : Map.of());
        BooleanSupplier due = duringWrite ? () -> Files.exists(checkpoints.resolve("last.ckpt")) && writing(checkpoints)
                : () -> Files.exists(checkpoints.resolve("last.ckpt"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FIT_SECONDS);
        while (!due.getAsBoolean() && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(driver.isAlive(), "the fit ended before it could be killed: " + log(crashed));
        assertTrue(due.getAsBoolean(), "no checkpoint to kill at within " + FIT_SECONDS + " s: " + log(crashed));
        LocalCluster.stop(driver); // SIGKILL to it and its children: no shutdown hook, no flush
        assertTrue(driver.waitFor(30, TimeUnit.SECONDS), "the killed driver is gone");
        long lastStep = CheckpointIO.read(Storage.path(checkpoints.resolve("last.ckpt").toString())).state().globalStep();
        long killedAt = newestStep(checkpoints);
        assertTrue(killedAt > 0 && killedAt < STEPS_PER_EPOCH, "killed mid-epoch 0, at step " + killedAt);
        if (duringWrite) {
            assertEquals(CHECKPOINT_EVERY, lastStep, "killed while the second last.ckpt was written: the first is in place");
            assertTrue(writing(checkpoints), "the interrupted write left its temporary file, not a half last.ckpt");
        }

        long before = Files.readAllLines(crashed.resolve("driver.log")).size();
        finish(fit(config, true, Map.of()), crashed);
        double crashedSeconds = (System.nanoTime() - start) / 1e9;
        List<String> resumedLog = Files.readAllLines(crashed.resolve("driver.log"));
        List<String> resumeLines = resumedLog.subList((int) before, resumedLog.size());
        String inVersion = Storage.path(checkpoints.toString()).toString() + "/";
        assertTrue(resumeLines.stream().anyMatch(l -> l.startsWith("Restoring states from the checkpoint path at " + inVersion)),
                "restored from version_0's checkpoints:\n" + String.join("\n", resumeLines));
        assertTrue(resumeLines.stream().anyMatch(l -> l.startsWith("Restored all states from the checkpoint at " + inVersion)
                && l.endsWith("global step " + killedAt)), "resumed at the newest complete checkpoint's step " + killedAt + ":\n"
                + String.join("\n", resumeLines));
        assertFalse(Files.exists(crashed.resolve("logs/sparkbolt_logs/version_1")), "the resumed fit continued version_0");
        System.out.printf("driver crash (%s%s): killed at step %d of %d; crashed + resumed %.1f s vs %.1f s uninterrupted%n",
                strategy, duringWrite ? ", during a checkpoint write" : "", killedAt, 2 * STEPS_PER_EPOCH, crashedSeconds, wholeSeconds);
        assertArrayEquals(finalParams(whole), finalParams(crashed), "bit-identical to the uninterrupted fit");
        assertEquals(withoutTimings(whole.resolve(VERSION + "/metrics.csv")), withoutTimings(crashed.resolve(VERSION + "/metrics.csv")),
                "metrics.csv reads as one uninterrupted fit: every step's rows exactly once");
    }

    /** The highest step of the complete checkpoints in {@code dir} (the temporary file of a cut-off write is not one). */
    private static long newestStep(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ckpt") && !p.getFileName().toString().startsWith("."))
                    .mapToLong(p -> CheckpointIO.read(Storage.path(p.toString())).state().globalStep()).max().orElse(-1);
        }
    }

    /** metrics.csv without its timing columns ({@code *_s}: wall-clock seconds, never the same twice). */
    private static List<String> withoutTimings(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",", -1);
        List<String> kept = new java.util.ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < header.length; i++) {
                if (!header[i].endsWith("_s")) {
                    row.append(i < cells.length ? cells[i] : "").append(',');
                }
            }
            kept.add(row.toString());
        }
        return kept;
    }

    /** Whether a write of last.ckpt is in progress (or was cut off): its temporary file exists. */
    private static boolean writing(Path checkpoints) {
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith(".last.ckpt.") && p.toString().endsWith(".tmp"));
        } catch (IOException e) {
            return false; // not created yet
        }
    }

    private static void finish(Process fit, Path run) throws Exception {
        boolean done = fit.waitFor(FIT_SECONDS, TimeUnit.SECONDS);
        LocalCluster.stop(fit);
        assertTrue(done, "the fit did not end within " + FIT_SECONDS + " s: " + log(run));
        assertEquals(0, fit.exitValue(), log(run));
    }

    private static float[] finalParams(Path run) throws IOException {
        return LastCheckpoint.params(run, 2L * STEPS_PER_EPOCH);
    }

    private static Path config(Path dir, String strategy) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, String.join("\n",
                "seed: 7",
                "model: {class: MlpClassifier, args: {hidden: [64], lr: 0.002, dropout: 0.1, l2: 0.0, activation: relu}}",
                "data: {class: MnistDataModule, args: {dir: '" + MNIST + "', batchSize: 32, numShards: 2}}",
                "trainer:",
                "  maxEpochs: 2",
                "  limitTrainBatches: " + STEPS_PER_EPOCH,
                "  limitValBatches: 5",
                "  enableProgressBar: false",
                "  defaultRootDir: '" + dir.resolve("logs") + "'",
                "  callbacks: [{class: ModelCheckpoint, args: {everyNTrainSteps: " + CHECKPOINT_EVERY + ", saveLast: true, saveTopK: 1}}]",
                strategy.equals("local") ? "  strategy: local"
                        : "  strategy: {name: parameter-averaging, numWorkers: 2, averagingFrequency: 5}",
                "spark: {master: 'local[2]', conf: {spark.ui.enabled: 'false'}}",
                ""));
        return config;
    }

    /** {@code sparkbolt fit} in a JVM of its own, output to {@code <dir>/driver.log}. */
    private static Process fit(Path config, boolean resume, Map<String, String> properties) throws IOException {
        Path log = config.resolveSibling("driver.log");
        return resume ? ChildCli.start(log, properties, "fit", "--config", config.toString(), "--ckptPath", "last")
                : ChildCli.start(log, properties, "fit", "--config", config.toString());
    }

    private static String log(Path dir) throws IOException {
        return LocalCluster.tail(dir.resolve("driver.log"));
    }
}

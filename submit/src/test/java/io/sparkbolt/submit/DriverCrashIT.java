package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.submit.cluster.LocalCluster;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver dies mid-epoch ({@code kill -9}, while {@code ModelCheckpoint(everyNTrainSteps)} is
 * writing checkpoints), {@code sparkbolt fit --ckptPath last} resumes, and the fit ends with the
 * parameters of a fit that was never interrupted, bit for bit: with the local strategy and with
 * parameter averaging on local[2]. Each fit is a separate JVM, as it would be.
 */
class DriverCrashIT {
    private static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();
    private static final int STEPS_PER_EPOCH = 120;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local", "parameter-averaging"})
    void aKilledDriverResumesFromLastAndEndsBitIdentical(String strategy, @TempDir Path dir) throws Exception {
        Path whole = dir.resolve("whole");
        long start = System.nanoTime();
        assertEquals(0, fit(config(whole, strategy), false).waitFor(), log(whole));
        double wholeSeconds = (System.nanoTime() - start) / 1e9;

        Path crashed = dir.resolve("crashed");
        Path config = config(crashed, strategy);
        start = System.nanoTime();
        Process driver = fit(config, false);
        Path checkpoints = crashed.resolve("logs/sparkbolt_logs/version_0/checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!Files.exists(checkpoints.resolve("last.ckpt")) && driver.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(driver.isAlive(), "the fit ended before its first checkpoint could be killed: " + log(crashed));
        driver.descendants().forEach(ProcessHandle::destroyForcibly);
        driver.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
        driver.waitFor(30, TimeUnit.SECONDS);
        long killedAt = CheckpointIO.read(Storage.path(checkpoints.resolve("last.ckpt").toString())).state().globalStep();
        assertTrue(killedAt > 0 && killedAt < STEPS_PER_EPOCH, "killed mid-epoch 0, at step " + killedAt);

        assertEquals(0, fit(config, true).waitFor(), log(crashed));
        double crashedSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("driver crash (%s): killed at step %d of %d; crashed + resumed %.1f s vs %.1f s uninterrupted%n",
                strategy, killedAt, 2 * STEPS_PER_EPOCH, crashedSeconds, wholeSeconds);
        assertArrayEquals(finalParams(whole), finalParams(crashed), "bit-identical to the uninterrupted fit");
    }

    private static float[] finalParams(Path run) throws IOException {
        Path last = run.resolve("logs/sparkbolt_logs/version_0/checkpoints/last.ckpt");
        assertEquals(2L * STEPS_PER_EPOCH, CheckpointIO.read(Storage.path(last.toString())).state().globalStep());
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(last.toFile(), true);
        return network.params().data().asFloat();
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
                "  callbacks: [{class: ModelCheckpoint, args: {everyNTrainSteps: 10, saveLast: true, saveTopK: 1}}]",
                strategy.equals("local") ? "  strategy: local"
                        : "  strategy: {name: parameter-averaging, numWorkers: 2, averagingFrequency: 5}",
                "spark: {master: 'local[2]', conf: {spark.ui.enabled: 'false'}}",
                ""));
        return config;
    }

    /** {@code sparkbolt fit} in a JVM of its own, output to {@code <dir>/driver.log}. */
    private static Process fit(Path config, boolean resume) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).forEach(command::add);
        command.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), SparkboltCli.class.getName(),
                "fit", "--config", config.toString()));
        if (resume) {
            command.addAll(List.of("--ckptPath", "last"));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1"); // the same floating-point path in every JVM
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(config.resolveSibling("driver.log").toFile()));
        return builder.start();
    }

    private static String log(Path dir) throws IOException {
        return LocalCluster.tail(dir.resolve("driver.log"));
    }
}

package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbolt.submit.cluster.ClusterEvents;
import io.sparkbolt.submit.cluster.ClusterEvents.Event;
import io.sparkbolt.submit.cluster.LocalCluster;
import io.sparkbolt.submit.cluster.TaskDevices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: conf/local-cluster/start brings up a Spark standalone cluster on 127.0.0.1 (a
 * Master and two Workers, separate JVMs started from the Maven jars), {@code sparkbolt submit
 * --target standalone} builds the spark-submit command for the uber-jar, and the fit runs MNIST
 * (a slice) over two executor JVMs, with parameter averaging and then with the shared gradient
 * exchange. A data module and a callback of the
 * "user's own" (this module's test jar, shipped with --jars) record in which process each hook
 * ran. Every process is stopped at the end, with bounded waits, whatever happened.
 */
class LocalClusterIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @Test
    void fitsMnistWithParameterAveragingAndGradientSharingOrDdpOverTwoExecutorJvms(@TempDir Path dir) throws Exception {
        // two workers of two cores and two fake GPUs each
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("cluster"), 2,
                Map.of("WORKER_MEMORY", "2g", "WORKER_CORES", "2", "WORKER_GPUS", "2"))) {
            try (var daemonLogs = Files.list(dir.resolve("cluster/logs"))) {
                for (Path daemonLog : daemonLogs.filter(p -> p.toString().endsWith(".log")).toList()) {
                    String text = Files.readString(daemonLog);
                    boolean boundHere = text.contains("WebUI to 127.0.0.1,");
                    assertTrue(boundHere || !daemonLog.getFileName().toString().equals("master.log"), "the master's web UI: " + daemonLog);
                    assertTrue(boundHere || !text.contains("WebUI to "), "web UIs listen on 127.0.0.1 only: " + daemonLog);
                }
            }
            Run averaging = submit(cluster, dir.resolve("averaging"), "{name: parameter-averaging, numWorkers: 2, averagingFrequency: 10}");
            averaging.assertRanWhereItShould();
            Path version = averaging.dir().resolve("logs/sparkbolt_logs/version_0");
            assertTrue(Files.exists(version.resolve("metrics.csv")));
            try (var checkpoints = Files.list(version.resolve("checkpoints"))) {
                assertTrue(checkpoints.anyMatch(p -> p.toString().endsWith(".ckpt")));
            }

            if (LocalCluster.SCALA.equals("2.12")) {
                // The same fit with the shared gradient exchange, on its defaults: each executor JVM joins
                // the driver's controller over UDP on a free port of its own.
                Run sharing = submit(cluster, dir.resolve("sharing"), "{name: gradient-sharing, numWorkers: 2, chunkSteps: 20, allowUnauthenticatedExchange: true}");
                sharing.assertRanWhereItShould();
                List<Path> executorLogs;
                try (var logs = Files.walk(cluster.workDir())) {
                    executorLogs = logs.filter(p -> p.getFileName().toString().equals("stderr")).toList();
                }
                long joined = 0;
                for (Path executorLog : executorLogs) {
                    if (Files.readString(executorLog).contains("Initializing transport")) {
                        joined++;
                    }
                }
                assertEquals(2, joined, "both executor JVMs joined the exchange: " + executorLogs);
            } else {
                // the Spark 4 line has no gradient sharing (SparkLine): ddp's barrier-stage ring over the two executor JVMs
                submit(cluster, dir.resolve("ddp"), "{name: ddp, numWorkers: 2}").assertRanWhereItShould();
            }

            // Spark's GPU scheduling with fake GPUs (the workers' discovery script reports addresses 0 and 1):
            // four workers on two executors of two cores and two GPUs each; every task trains on its own address.
            Path gpuEvents = dir.resolve("gpus/events");
            Run gpus = submit(cluster, dir.resolve("gpus"), writeConfig(dir.resolve("gpus"), gpuEvents,
                    "{class: io.sparkbolt.submit.cluster.DeviceRecordingMlp, args: {hidden: 32, lr: 0.002, eventsDir: '" + gpuEvents + "'}}",
                    4, "{name: parameter-averaging, numWorkers: 4, averagingFrequency: 5}",
                    "  executorCores: 2\n  gpusPerExecutor: 2\n  conf: {spark.executor.resource.gpu.discoveryScript: '"
                            + ROOT.resolve("conf/local-cluster/fake-gpu-discovery") + "', " + WAIT_FOR_EXECUTORS + "}"));
            assertTrue(gpus.metrics().get("test_acc").asDouble() > 0.5, gpus.metrics().toString());
            TaskDevices.assertEachTaskHadItsOwnGpu(gpus.recorded());
            String driverLog = Files.readString(dir.resolve("gpus/submit.log"));
            assertTrue(driverLog.contains("tasks on CPU (Spark GPU address 0 unused: CPU backend)"), "the driver logs each executor's devices");
        }
    }

    /** One submitted fit (and test) of the MLP with {@code strategy} on two one-core executors. */
    private Run submit(LocalCluster cluster, Path dir, String strategy) throws Exception {
        Path events = dir.resolve("events");
        return submit(cluster, dir, writeConfig(dir, events,
                "{class: MlpClassifier, args: {hidden: [64], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}", 2, strategy,
                "  executorCores: 1\n  conf: {" + WAIT_FOR_EXECUTORS + "}"));
    }

    /** One submitted fit (and test) of {@code config}, its events and results in its directory. */
    private Run submit(LocalCluster cluster, Path dir, Path config) throws Exception {
        LocalCluster.awaitSuccess(cluster.submit(dir, config), dir, 420);
        return new Run(dir, ClusterEvents.read(dir.resolve("events")), new ObjectMapper().readTree(dir.resolve("results.json").toFile()));
    }

    /** What a submitted fit left: its directory, the recorded hook events and the final metrics. */
    private record Run(Path dir, List<Event> recorded, JsonNode metrics) {
        /** prepareData once per entry point on the driver, setup once in each executor JVM, callbacks only on the driver. */
        void assertRanWhereItShould() {
            Set<Long> driver = ClusterEvents.pids(recorded, "callback");
            assertEquals(1, driver.size(), "callbacks ran only in the driver JVM: " + recorded);
            for (String stage : List.of("fit", "test")) {
                assertEquals(List.of(driver.iterator().next()), recorded.stream().filter(e -> e.kind().equals("prepareData-" + stage))
                        .map(Event::pid).toList(), "prepareData ran once per entry point, on the driver: " + recorded);
            }
            for (String stage : List.of("setup-fit", "setup-test")) {
                List<Long> setups = recorded.stream().filter(e -> e.kind().equals(stage)).map(Event::pid).toList();
                assertEquals(2, setups.size(), stage + ": once in each of the two executor JVMs: " + recorded);
                assertEquals(2, Set.copyOf(setups).size(), stage + " ran in two different JVMs");
                assertFalse(setups.contains(driver.iterator().next()), stage + " ran on executors, not the driver");
            }
            assertTrue(metrics.get("test_acc").asDouble() > 0.8, metrics.toString());
        }
    }

    @Test
    void theUberJarHoldsNoSparkOrHadoopAndOnlyLinuxX8664Natives() throws IOException {
        Path jar;
        try (var files = Files.list(TARGET)) {
            jar = files.filter(p -> p.getFileName().toString().startsWith(LocalCluster.JAR_PREFIX) && p.getFileName().toString().endsWith("-uber.jar"))
                    .findFirst().orElseThrow();
        }
        assertTrue(Files.size(jar) < 250L * 1024 * 1024, "uber-jar is " + Files.size(jar) + " bytes");
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            // dl4j-spark puts one helper of its own into Spark's package (to reach a package-private setter)
            assertFalse(names.stream().filter(n -> !n.startsWith("org/apache/spark/TaskContextHelper") && !n.equals("org/apache/spark/"))
                    .anyMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("org/apache/hadoop/")),
                    "Spark and Hadoop are the cluster's own");
            List<String> natives = names.stream().filter(n -> n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib")
                    || n.endsWith(".jnilib")).toList();
            assertFalse(natives.isEmpty());
            assertTrue(natives.stream().allMatch(n -> n.contains("linux-x86_64") || n.contains("linux-x86-64") || n.contains("Linux/x86_64")),
                    natives.toString());
            assertTrue(names.contains("io/sparkbolt/submit/SparkboltCli.class") && names.contains("org/nd4j/linalg/factory/Nd4j.class"));
        }
    }

    static final String WAIT_FOR_EXECUTORS =
            "spark.scheduler.minRegisteredResourcesRatio: '1.0', spark.scheduler.maxRegisteredResourcesWaitingTime: 120s";

    /** A run config over {@code shards} MNIST shards, one epoch of 60 batches; {@code executors} holds the spark section's executor lines. */
    static Path writeConfig(Path dir, Path events, String model, int shards, String strategy, String executors) throws IOException {
        return writeConfig(dir, events, model, shards, "  maxEpochs: 1\n  limitTrainBatches: 60", strategy, executors);
    }

    /** As above, with {@code length} giving the trainer's maxEpochs and limitTrainBatches lines. */
    static Path writeConfig(Path dir, Path events, String model, int shards, String length, String strategy, String executors)
            throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, String.join("\n",
                "seed: 42",
                "model: " + model,
                "data: {class: io.sparkbolt.submit.cluster.RecordingMnist, args: {dir: '" + ROOT.resolve("data/mnist")
                        + "', batchSize: 64, numShards: " + shards + ", eventsDir: '" + events + "'}}",
                "trainer:",
                length,
                "  limitValBatches: 10",
                "  limitTestBatches: 10",
                "  numSanityValSteps: 0",
                "  enableProgressBar: false",
                "  defaultRootDir: '" + dir.resolve("logs") + "'",
                "  strategy: " + strategy,
                "  callbacks: [{class: io.sparkbolt.submit.cluster.RecordingCallback, args: {eventsDir: '" + events + "'}}]",
                "spark:",
                "  appName: sparkbolt-cluster-it",
                "  executors: 2",
                "  executorMemory: 1500m",
                executors,
                ""));
        return config;
    }


}

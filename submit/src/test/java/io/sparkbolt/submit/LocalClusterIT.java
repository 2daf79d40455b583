package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbolt.submit.cluster.ClusterEvents;
import io.sparkbolt.submit.cluster.ClusterEvents.Event;
import io.sparkbolt.submit.cluster.TaskDevices;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @Test
    void fitsMnistWithParameterAveragingAndGradientSharingOverTwoExecutorJvms(@TempDir Path dir) throws Exception {
        Path clusterDir = dir.resolve("cluster");
        try {
            List<String> started = script(clusterDir, 240, "conf/local-cluster/start", "2");  // 2 cores, 2 fake GPUs each
            String url = started.get(started.size() - 1);
            String home = started.stream().filter(l -> l.contains("SPARK_HOME=")).findFirst().orElseThrow(() -> new AssertionError(started));
            String sparkHome = home.substring(home.indexOf("SPARK_HOME=") + "SPARK_HOME=".length());
            assertTrue(url.startsWith("spark://127.0.0.1:"), started.toString());

            Run averaging = submit(dir.resolve("averaging"), url, sparkHome,
                    "{name: parameter-averaging, numWorkers: 2, averagingFrequency: 10}");
            averaging.assertRanWhereItShould();
            Path version = averaging.dir().resolve("logs/sparkbolt_logs/version_0");
            assertTrue(Files.exists(version.resolve("metrics.csv")));
            try (var checkpoints = Files.list(version.resolve("checkpoints"))) {
                assertTrue(checkpoints.anyMatch(p -> p.toString().endsWith(".ckpt")));
            }

            // The same fit with the shared gradient exchange, on its defaults: each executor JVM joins
            // the driver's controller over UDP on a free port of its own.
            Run sharing = submit(dir.resolve("sharing"), url, sparkHome, "{name: gradient-sharing, numWorkers: 2, chunkSteps: 20}");
            sharing.assertRanWhereItShould();
            List<Path> executorLogs;
            try (var logs = Files.walk(clusterDir.resolve("work"))) {
                executorLogs = logs.filter(p -> p.getFileName().toString().equals("stderr")).toList();
            }
            long joined = 0;
            for (Path executorLog : executorLogs) {
                if (Files.readString(executorLog).contains("Initializing transport")) {
                    joined++;
                }
            }
            assertEquals(2, joined, "both executor JVMs joined the exchange: " + executorLogs);

            // Spark's GPU scheduling with fake GPUs (the workers' discovery script reports addresses 0 and 1):
            // four workers on two executors of two cores and two GPUs each; every task trains on its own address.
            Path gpuEvents = dir.resolve("gpus/events");
            Run gpus = submit(dir.resolve("gpus"), url, sparkHome, writeConfig(dir.resolve("gpus"), gpuEvents,
                    "{class: io.sparkbolt.submit.cluster.DeviceRecordingMlp, args: {hidden: 32, lr: 0.002, eventsDir: '" + gpuEvents + "'}}",
                    4, "{name: parameter-averaging, numWorkers: 4, averagingFrequency: 5}",
                    "  executorCores: 2\n  gpusPerExecutor: 2\n  conf: {spark.executor.resource.gpu.discoveryScript: '"
                            + ROOT.resolve("conf/local-cluster/fake-gpu-discovery") + "', " + WAIT_FOR_EXECUTORS + "}"));
            assertTrue(gpus.metrics().get("test_acc").asDouble() > 0.5, gpus.metrics().toString());
            TaskDevices.assertEachTaskHadItsOwnGpu(gpus.recorded());
            String driverLog = Files.readString(dir.resolve("gpus/submit.log"));
            assertTrue(driverLog.contains("tasks on CPU (Spark GPU address 0 unused: CPU backend)"), "the driver logs each executor's devices");
        } finally {
            script(clusterDir, 60, "conf/local-cluster/stop");
        }
    }

    /** One submitted fit (and test) of the MLP with {@code strategy} on two one-core executors. */
    private Run submit(Path dir, String url, String sparkHome, String strategy) throws Exception {
        Path events = dir.resolve("events");
        return submit(dir, url, sparkHome, writeConfig(dir, events,
                "{class: MlpClassifier, args: {hidden: [64], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}", 2, strategy,
                "  executorCores: 1\n  conf: {" + WAIT_FOR_EXECUTORS + "}"));
    }

    /** One submitted fit (and test) of {@code config}, its events and results in its directory. */
    private Run submit(Path dir, String url, String sparkHome, Path config) throws Exception {
        Path events = dir.resolve("events");
        Path results = dir.resolve("results.json");
        String command = dryRun("submit", "--target", "standalone", "--config", config.toString(), "--spark-home", sparkHome,
                "--jars", testsJar(), "--results", results.toString(), "--test", "--dry-run", "--spark.master=" + url);
        assertTrue(command.contains("--conf spark.executor.memoryOverhead=") && command.contains("-uber.jar fit --config"), command);

        Path log = dir.resolve("submit.log");
        Process submit = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!submit.waitFor(420, TimeUnit.SECONDS)) {
            stop(submit);
            throw new AssertionError("the fit did not finish in 7 minutes; last lines:\n" + tail(log));
        }
        assertEquals(0, submit.exitValue(), "spark-submit failed; last lines:\n" + tail(log));
        return new Run(dir, ClusterEvents.read(events), new ObjectMapper().readTree(results.toFile()));
    }

    /** What a submitted fit left: its directory, the recorded hook events and the final metrics. */
    private record Run(Path dir, List<Event> recorded, JsonNode metrics) {
        /** prepareData once per entry point on the driver, setup once in each executor JVM, callbacks only on the driver. */
        void assertRanWhereItShould() {
            Set<Long> driver = pids(recorded, "callback");
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
            jar = files.filter(p -> p.getFileName().toString().endsWith("-uber.jar")).findFirst().orElseThrow();
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

    private static final String WAIT_FOR_EXECUTORS =
            "spark.scheduler.minRegisteredResourcesRatio: '1.0', spark.scheduler.maxRegisteredResourcesWaitingTime: 120s";

    /** A run config over {@code shards} MNIST shards; {@code executors} holds the spark section's executor lines. */
    private static Path writeConfig(Path dir, Path events, String model, int shards, String strategy, String executors)
            throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("cluster.yaml");
        Files.writeString(config, String.join("\n",
                "seed: 42",
                "model: " + model,
                "data: {class: io.sparkbolt.submit.cluster.RecordingMnist, args: {dir: '" + ROOT.resolve("data/mnist")
                        + "', batchSize: 64, numShards: " + shards + ", eventsDir: '" + events + "'}}",
                "trainer:",
                "  maxEpochs: 1",
                "  limitTrainBatches: 60",
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

    /** The command {@code sparkbolt ... --dry-run} prints. */
    private static String dryRun(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = SparkboltCli.run(List.of(args).toArray(String[]::new));
            assertEquals(0, status);
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).strip();
    }

    private static String testsJar() throws IOException {
        try (var files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().endsWith("-tests.jar")).map(Path::toString).findFirst().orElseThrow();
        }
    }

    /** Runs a cluster script with a time limit; returns its output lines. */
    private static List<String> script(Path clusterDir, int seconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve(command[0]).toString());
        builder.command().addAll(List.of(command).subList(1, command.length));
        builder.environment().put("CLUSTER_DIR", clusterDir.toString());
        builder.environment().put("WORKER_MEMORY", "2g");
        builder.environment().put("WORKER_CORES", "2");
        builder.environment().put("WORKER_GPUS", "2");
        // Output to a file, not a pipe: reading a pipe would wait for the script however long it hangs.
        Path log = Files.createTempFile(clusterDir.getParent(), "script", ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            stop(process);
            throw new AssertionError(command[0] + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new AssertionError(command[0] + " failed:\n" + output);
        }
        return output.lines().collect(Collectors.toList());
    }

    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static Set<Long> pids(List<Event> events, String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).map(Event::pid).collect(Collectors.toSet());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}

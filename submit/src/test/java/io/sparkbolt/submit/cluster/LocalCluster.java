package io.sparkbolt.submit.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.submit.CliRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: conf/local-cluster/start (a Master and
 * Workers, separate JVMs from the Maven jars), submits through {@code sparkbolt submit --target
 * standalone} with this module's test jar shipped as the user's own jar, and stops everything with
 * bounded waits.
 */
public final class LocalCluster implements AutoCloseable {
    /** The Scala line this build is for (surefire and failsafe pass it), and its jars' name prefix in submit/target. */
    public static final String SCALA = System.getProperty("sparkbolt.build.scala", "2.12");
    public static final String JAR_PREFIX = "submit_" + SCALA + "-";
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private final Path dir;
    private final Map<String, String> environment;
    private final String url;
    private final String sparkHome;

    private LocalCluster(Path dir, Map<String, String> environment, String url, String sparkHome) {
        this.dir = dir;
        this.environment = environment;
        this.url = url;
        this.sparkHome = sparkHome;
    }

    /** Starts a cluster of {@code workers} Workers in {@code dir}, with the start script's environment (WORKER_CORES, ...). */
    public static LocalCluster start(Path dir, int workers, Map<String, String> environment) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> started = script(dir, environment, 240, "conf/local-cluster/start", Integer.toString(workers));
        String url = started.get(started.size() - 1);
        String home = started.stream().filter(l -> l.contains("SPARK_HOME=")).findFirst().orElseThrow(() -> new AssertionError(started));
        assertTrue(url.startsWith("spark://127.0.0.1:"), started.toString());
        return new LocalCluster(dir, environment, url, home.substring(home.indexOf("SPARK_HOME=") + "SPARK_HOME=".length()));
    }

    /** The master's URL. */
    public String url() {
        return url;
    }

    /** Where the workers keep their executors' directories (and logs). */
    public Path workDir() {
        return dir.resolve("work");
    }

    /** Starts one more Worker and returns its pid once the master has registered it. */
    public long addWorker() throws IOException, InterruptedException {
        List<String> out = script(dir, environment, 120, "conf/local-cluster/add-worker");
        return Long.parseLong(out.get(out.size() - 1).trim());
    }

    /** The executor JVMs now running (children of the workers). */
    public List<ProcessHandle> executors() throws IOException {
        List<ProcessHandle> executors = new ArrayList<>();
        for (String pid : Files.readAllLines(dir.resolve("pids"))) {
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(daemon -> daemon.children()
                    .filter(child -> child.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                    .forEach(executors::add));
        }
        return executors;
    }

    /** The worker daemons' pids, in start order (the master's is first in the pids file). */
    public List<Long> workers() throws IOException {
        List<String> pids = Files.readAllLines(dir.resolve("pids"));
        return pids.subList(1, pids.size()).stream().map(p -> Long.parseLong(p.trim())).toList();
    }

    /**
     * Starts {@code sparkbolt submit --target standalone} of {@code config} (fit, then test) as
     * a process of its own; output to {@code <runDir>/submit.log}, results to
     * {@code <runDir>/results.json}.
     */
    public Process submit(Path runDir, Path config) throws IOException {
        Path results = runDir.resolve("results.json");
        String command = dryRun("submit", "--target", "standalone", "--config", config.toString(), "--spark-home", sparkHome,
                "--jars", testsJar(), "--results", results.toString(), "--test", "--dry-run", "--spark.master=" + url);
        assertTrue(command.contains("--conf spark.executor.memoryOverhead=") && command.contains("-uber.jar fit --config"), command);
        return new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("submit.log").toFile()).start();
    }

    /**
     * Submits a Java main of this module's test jar to the cluster in a process of its own, with the
     * spark-submit command {@code sparkbolt submit} builds for {@code config} (its executors,
     * memory and Java options), only the main class and its arguments changed; output to
     * {@code <runDir>/submit.log}.
     */
    public Process submitMain(Path runDir, Path config, String mainClass, String... args) throws IOException {
        String command = dryRun("submit", "--target", "standalone", "--config", config.toString(), "--spark-home", sparkHome,
                "--jars", testsJar(), "--dry-run", "--spark.master=" + url);
        int app = command.indexOf(" fit --config");
        assertTrue(command.contains("--class io.sparkbolt.submit.SparkboltCli") && app > 0, command);
        StringBuilder main = new StringBuilder(command.substring(0, app).replace("--class io.sparkbolt.submit.SparkboltCli",
                "--class " + mainClass));
        for (String arg : args) {
            main.append(" '").append(arg.replace("'", "'\\''")).append('\'');
        }
        return new ProcessBuilder("bash", "-c", main.toString()).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("submit.log").toFile()).start();
    }

    /** Waits for a submitted fit to end successfully, within {@code seconds}. */
    public static void awaitSuccess(Process submit, Path runDir, int seconds) throws IOException, InterruptedException {
        Path log = runDir.resolve("submit.log");
        if (!submit.waitFor(seconds, TimeUnit.SECONDS)) {
            stop(submit);
            throw new AssertionError("the fit did not finish in " + seconds + " s; last lines:\n" + tail(log));
        }
        assertEquals(0, submit.exitValue(), "spark-submit failed; last lines:\n" + tail(log));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        script(dir, environment, 60, "conf/local-cluster/stop");
    }

    /** Stops a process and everything it started. */
    public static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The last 40 lines of a log. */
    public static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no " + log + ")";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** The command {@code sparkbolt ... --dry-run} prints. */
    private static String dryRun(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), run.err());
        return run.out().strip();
    }

    private static String testsJar() throws IOException {
        try (var files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().startsWith(JAR_PREFIX) && p.getFileName().toString().endsWith("-tests.jar"))
                    .map(Path::toString).findFirst().orElseThrow();
        }
    }

    /** Runs a cluster script with a time limit; returns its output lines. */
    private static List<String> script(Path clusterDir, Map<String, String> environment, int seconds, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve(command[0]).toString());
        builder.command().addAll(List.of(command).subList(1, command.length));
        builder.environment().put("CLUSTER_DIR", clusterDir.toString());
        // the cluster runs the Spark of the line under test (a Spark 4 build's jars need a Spark 4 cluster)
        builder.environment().put("SPARKBOLT_LINE", SCALA.equals("2.13") ? "spark4" : "spark3");
        builder.environment().putAll(environment);
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
        return output.lines().toList();
    }
}

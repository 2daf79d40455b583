package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.submit.cluster.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code sparkbolt submit --target yarn} against a real YARN and HDFS ({@code conf/local-yarn}:
 * Hadoop's MiniYARNCluster and MiniDFSCluster): a CSV on HDFS, parameter averaging on two YARN
 * containers, checkpoints and {@code --results} on HDFS, in client and in cluster mode, to the same
 * figures; and a fit whose executor container is killed mid-fit ends with the undisturbed figures.
 */
class YarnIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DIR = Path.of("target/it-yarn").toAbsolutePath();
    private static String sparkHome;
    private static String hdfs;
    private static String hadoopConf;
    private static FileSystem fs;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(DIR);
        List<String> printed = script(300, "conf/local-yarn/start");
        sparkHome = value(printed, "SPARK_HOME=");
        hdfs = value(printed, "HDFS=");
        hadoopConf = value(printed, "HADOOP_CONF_DIR=");
        Configuration conf = new Configuration();
        conf.addResource(new org.apache.hadoop.fs.Path(hadoopConf, "core-site.xml"));
        conf.addResource(new org.apache.hadoop.fs.Path(hadoopConf, "hdfs-site.xml"));
        fs = FileSystem.newInstance(java.net.URI.create(hdfs), conf);
        fs.mkdirs(new org.apache.hadoop.fs.Path("/data"));
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(ROOT.resolve("data/csv/linear.csv").toUri()),
                new org.apache.hadoop.fs.Path("/data/linear.csv"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (fs != null) {
            fs.close();
        }
        script(120, "conf/local-yarn/stop");
    }

    /** Submits a 6-epoch fit to YARN in {@code mode}; returns the process (output in {@code <name>.log}). */
    private static Process submit(String name, String mode) throws IOException {
        CliRun dryRun = CliRun.of("submit", "--target", "yarn", "--deploy-mode", mode, "--dry-run", "--spark-home", sparkHome,
                "--config", ROOT.resolve("conf/csv-regression.yaml").toString(),
                "--data.args.path=" + hdfs + "/data/linear.csv", "--trainer.maxEpochs=6", "--trainer.enableProgressBar=false",
                "--trainer.strategy={name: parameter-averaging, numWorkers: 2, averagingFrequency: 4}",
                "--trainer.defaultRootDir=" + hdfs + "/runs/" + name, "--results", hdfs + "/results/" + name + ".json",
                "--spark.executors=2", "--spark.executorCores=1", "--spark.executorMemory=1500m",
                "--spark.conf.spark.yarn.am.memory=512m", "--spark.conf.spark.driver.memory=1g");
        assertEquals(0, dryRun.status(), dryRun.err());
        String command = dryRun.out().strip();
        assertTrue(command.contains("--master yarn") && command.contains("--deploy-mode " + mode), command);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
                .redirectOutput(DIR.resolve(name + ".log").toFile());
        builder.environment().put("HADOOP_CONF_DIR", hadoopConf);
        builder.environment().put("SPARK_HOME", sparkHome);
        return builder.start();
    }

    /** A run's {@code --results} on HDFS, without the timings ({@code *_s}), which differ run to run. */
    private static java.util.Map<String, Object> results(String name) throws IOException {
        try (var in = fs.open(new org.apache.hadoop.fs.Path("/results/" + name + ".json"))) {
            java.util.Map<String, Object> figures = new java.util.TreeMap<>(new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                    new String(in.readAllBytes(), StandardCharsets.UTF_8), java.util.Map.class));
            figures.keySet().removeIf(key -> key.endsWith("_s"));
            return figures;
        }
    }

    @Test
    void clientAndClusterModeTrainOnTwoContainersToTheSameFiguresAndAKilledContainerChangesNothing() throws Exception {
        Process client = submit("client", "client");
        awaitSuccess(client, "client");
        assertTrue(Files.readString(DIR.resolve("client.log")).contains("yarn"), "submitted to YARN");
        java.util.Map<String, Object> clientResults = results("client");
        assertTrue(clientResults.containsKey("val_mse"), clientResults.toString());
        assertTrue(files("/runs/client").stream().anyMatch(f -> f.endsWith(".ckpt")), "checkpoints on HDFS: " + files("/runs/client"));

        Process cluster = submit("cluster", "cluster");
        awaitSuccess(cluster, "cluster");
        assertEquals(clientResults, results("cluster"), "the driver in a YARN container trains to the same figures");

        // kill -9 one executor container's JVM once the fit is under way; YARN gives Spark a new one
        Process killed = submit("killed", "client");
        Optional<ProcessHandle> executor = Optional.empty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (executor.isEmpty() && killed.isAlive() && System.nanoTime() < deadline) {
            executor = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("YarnCoarseGrainedExecutorBackend"))
                    .findFirst();
            if (executor.isEmpty() || !underWay("/runs/killed")) {
                executor = Optional.empty();
                Thread.sleep(200);
            }
        }
        assertTrue(executor.isPresent(), "found an executor container mid-fit:\n" + LocalCluster.tail(DIR.resolve("killed.log")));
        executor.get().destroyForcibly();
        awaitSuccess(killed, "killed");
        assertEquals(clientResults, results("killed"), "a killed container is replaced and the fit ends with the undisturbed figures");
    }

    private static void awaitSuccess(Process process, String name) throws IOException, InterruptedException {
        if (!process.waitFor(600, TimeUnit.SECONDS)) {
            LocalCluster.stop(process);
            throw new AssertionError(name + " did not finish in 600 s:\n" + LocalCluster.tail(DIR.resolve(name + ".log")));
        }
        assertEquals(0, process.exitValue(), name + " failed:\n" + LocalCluster.tail(DIR.resolve(name + ".log")));
    }

    /** Whether the fit has written its first checkpoint (and so has epochs left to run). */
    private static boolean underWay(String dir) throws IOException {
        return fs.exists(new org.apache.hadoop.fs.Path(dir)) && files(dir).stream().anyMatch(f -> f.endsWith(".ckpt"));
    }

    private static List<String> files(String dir) throws IOException {
        List<String> names = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> listing = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
        while (listing.hasNext()) {
            names.add(listing.next().getPath().toString());
        }
        return names;
    }

    private static String value(List<String> lines, String prefix) {
        // Maven's colour codes may precede a line of the script's output
        return lines.stream().filter(l -> l.contains(prefix)).map(l -> l.substring(l.indexOf(prefix) + prefix.length()).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("conf/local-yarn/start printed no " + prefix + ": " + lines));
    }

    private static List<String> script(int seconds, String command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve(command).toString());
        builder.environment().put("YARN_DIR", DIR.resolve("yarn").toString());
        Path log = Files.createTempFile(DIR, "script", ".log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            LocalCluster.stop(process);
            throw new AssertionError(command + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        String output = Files.readString(log);
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + output);
        }
        return output.lines().toList();
    }
}

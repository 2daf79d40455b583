package io.sparkbolt.submit;

import io.sparkbolt.trainer.TrainerFlag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sparkbolt submit --dry-run}: the command or request each target gets, and the mistakes stopped before it. */
class SubmitCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String config(Path dir, String spark) throws Exception {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, String.join("\n",
                "model: {class: MlpClassifier, args: {hidden: [32], lr: 0.001, dropout: 0.0, l2: 0.0, activation: relu}}",
                "data: {class: MnistDataModule, args: {dir: 'hdfs:///data/mnist', batchSize: 64, numShards: 8}}",
                "trainer: {maxEpochs: 2, strategy: {name: parameter-averaging, numWorkers: 8}}",
                "spark: " + spark, ""));
        return file.toString();
    }

    @Test
    void databricksSendsSecretsAsScopeReferencesNeverTheirValues(@TempDir Path dir) throws Exception {
        CliRun run = run("submit", "--target", "databricks", "--dry-run", "--databricks-secret-scope", "ml", "--config",
                config(dir, "{appName: mnist, executors: 2}"), "--spark.conf.spark.hadoop.fs.s3a.secret.key=PLANTED-SECRET");
        assertEquals(0, run.status(), run.err());
        JsonNode request = new ObjectMapper().readTree(run.out());
        JsonNode task = request.get("tasks").get(0);
        assertEquals("{{secrets/ml/spark.hadoop.fs.s3a.secret.key}}",
                task.get("new_cluster").get("spark_conf").get("spark.hadoop.fs.s3a.secret.key").asText());
        assertTrue(!run.out().contains("PLANTED-SECRET") && !task.get("spark_jar_task").get("parameters").toString().contains("secret.key"),
                "the override is not among the task's parameters: " + run.out());
    }

    @Test
    void databricksNeedsAnHttpsHostAndGivesUpOnOneThatDoesNotAnswer() throws Exception {
        io.sparkbolt.trainer.api.SparkboltException plain = org.junit.jupiter.api.Assertions.assertThrows(
                io.sparkbolt.trainer.api.SparkboltException.class,
                () -> DatabricksJob.submit("{}", "http://workspace.example.com", "token", java.time.Duration.ofSeconds(1)));
        assertTrue(plain.getMessage().contains("must be an https:// workspace URL"), plain.getMessage());
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            io.sparkbolt.trainer.api.SparkboltException timeout = org.junit.jupiter.api.Assertions.assertThrows(
                    io.sparkbolt.trainer.api.SparkboltException.class, () -> DatabricksJob.submit("{}",
                            "https://127.0.0.1:" + silent.getLocalPort(), "token", java.time.Duration.ofSeconds(1)));
            assertTrue(timeout.getMessage().contains("did not answer within 1 s"), timeout.getMessage());
            assertTrue(System.nanoTime() - start < 20_000_000_000L, "bounded");
        }
    }

    @Test
    void everyClusterTemplateTurnsOnAuthenticationAndEncryption(@TempDir Path dir) {
        Path repo = Path.of("").toAbsolutePath().getParent();
        for (String target : List.of("standalone", "yarn", "k8s")) {
            CliRun run = run("submit", "--target", target, "--dry-run", "--uber-jar", "/opt/sparkbolt-uber.jar", "--spark-home",
                    dir.toString(), "--config", repo.resolve("conf/mnist-mlp.yaml").toString(), "--config",
                    repo.resolve("conf/cluster/" + target + ".yaml").toString());
            assertEquals(0, run.status(), target + ": " + run.err());
            for (String setting : List.of("spark.authenticate=true", "spark.network.crypto.enabled=true", "spark.io.encryption.enabled=true")) {
                assertTrue(run.out().contains("--conf " + setting), target + " template: " + setting + " in " + run.out());
            }
        }
    }

    @Test
    void aStandaloneClusterWithAuthenticationStopsWithOneLineWithoutItsSecret(@TempDir Path dir) {
        Path repo = Path.of("").toAbsolutePath().getParent();
        CliRun run = run("submit", "--target", "standalone", "--uber-jar", "/opt/sparkbolt-uber.jar", "--spark-home", dir.toString(),
                "--config", repo.resolve("conf/mnist-mlp.yaml").toString(), "--config", repo.resolve("conf/cluster/standalone.yaml").toString());
        assertEquals(2, run.status(), run.out());
        assertTrue(run.err().contains("spark.authenticate is on for a standalone cluster, but no spark.authenticate.secret is set")
                && run.err().contains(dir.resolve("conf/spark-defaults.conf").toString()), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void yarnGetsExecutorsSizedFromOneMemoryFigure(@TempDir Path dir) throws Exception {
        CliRun run = run("submit", "--target", "yarn", "--deploy-mode", "cluster", "--dry-run", "--uber-jar", "/opt/sparkbolt-uber.jar",
                "--spark-home", dir.toString(), "--results", "hdfs:///runs/r.json", "--config",
                config(dir, "{appName: mnist, executors: 8, executorCores: 4, executorMemory: 10g, eventLogDir: 'hdfs:///spark-logs',"
                        + " conf: {spark.task.cpus: '2'}}"), "--trainer.maxEpochs=5");
        assertEquals(0, run.status(), run.err());
        String command = run.out().strip();
        assertTrue(command.startsWith("spark-submit --master yarn --deploy-mode cluster --name mnist "), command);
        assertTrue(command.contains("--conf spark.executor.memory=4096m --conf spark.executor.memoryOverhead=6144m"), command);
        assertTrue(command.contains("--conf spark.executor.instances=8") && command.contains("--conf spark.executor.cores=4"), command);
        assertTrue(command.contains("-Dorg.bytedeco.javacpp.maxbytes=5368709120"), "half the container for javacpp: " + command);
        assertTrue(command.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=9663676416"),
                "ND4J fails cleanly at 0.9 of the container, before the cluster kills it: " + command);
        assertTrue(command.contains("--conf spark.executorEnv.OMP_NUM_THREADS=2"), "threads = spark.task.cpus: " + command);
        assertTrue(command.contains("--conf spark.kryo.registrator=io.sparkbolt.trainer.spark.Nd4jKryoRegistrator"), command);
        assertTrue(command.contains("--conf spark.eventLog.enabled=true --conf spark.eventLog.dir=hdfs:///spark-logs"), command);
        assertTrue(command.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), command);
        assertTrue(command.endsWith("/opt/sparkbolt-uber.jar fit --config run.yaml --trainer.maxEpochs=5 --results hdfs:///runs/r.json"),
                "cluster mode ships the config with --files and names it: " + command);
        assertTrue(command.contains("--files " + dir.resolve("run.yaml")), command);
    }

    @Test
    void kubernetesAsksForGpus(@TempDir Path dir) throws Exception {
        CliRun run = run("submit", "--target", "k8s", "--dry-run", "--uber-jar", "local:///opt/sparkbolt/uber.jar", "--spark-home",
                dir.toString(), "--config", config(dir, "{master: 'k8s://https://api:6443', executors: 2, gpusPerExecutor: 1,"
                        + " conf: {spark.kubernetes.container.image: 'sparkbolt:cuda'}}"));
        assertEquals(0, run.status(), run.err());
        String command = run.out();
        assertTrue(command.contains("--master k8s://https://api:6443 --deploy-mode client"), command);
        assertTrue(command.contains("--conf spark.executor.resource.gpu.amount=1") && command.contains("--conf spark.task.resource.gpu.amount=1"), command);
        assertTrue(command.contains("--conf spark.executor.resource.gpu.vendor=nvidia.com"), command);
        assertTrue(command.contains("--conf spark.kubernetes.container.image=sparkbolt:cuda"), command);
    }

    @Test
    void databricksGetsAJobsRequestForAGpuCluster(@TempDir Path dir) throws Exception {
        CliRun run = run("submit", "--target", "databricks", "--dry-run", "--remote-jar", "dbfs:/jars/sparkbolt.jar",
                "--config", config(dir, "{executors: 4, gpusPerExecutor: 1}"), "--ckptPath", "last");
        assertEquals(0, run.status(), run.err());
        JsonNode request = new ObjectMapper().readTree(run.out());
        JsonNode task = request.at("/tasks/0");
        assertEquals("io.sparkbolt.submit.SparkboltCli", task.at("/spark_jar_task/main_class_name").asText());
        assertEquals(List.of("fit", "--config", "run.yaml", "--ckptPath", "last"),
                new ObjectMapper().convertValue(task.at("/spark_jar_task/parameters"), List.class));
        assertEquals("dbfs:/jars/sparkbolt.jar", task.at("/libraries/0/jar").asText());
        assertEquals(4, task.at("/new_cluster/num_workers").asInt());
        assertTrue(task.at("/new_cluster/spark_version").asText().contains("gpu"), task.toString());
        assertEquals("1", task.at("/new_cluster/spark_conf/spark.task.resource.gpu.amount").asText());
        assertTrue(task.at("/new_cluster/spark_conf/spark.executor.memory").isMissingNode(), "Databricks sizes executors itself");
    }

    @Test
    void mistakesStopBeforeAnythingIsSubmitted(@TempDir Path dir) throws Exception {
        CliRun target = run("submit", "--target", "yran", "--dry-run", "--config", config(dir, "{}"));
        assertEquals(2, target.status());
        assertTrue(target.err().contains("--target must be standalone, yarn, k8s or databricks, got 'yran' (did you mean yarn?)"),
                target.err());
        CliRun memory = run("submit", "--target", "yarn", "--dry-run", "--config", config(dir, "{executorMemory: lots}"));
        assertEquals(2, memory.status());
        assertTrue(memory.err().contains("spark.executorMemory: must be a size like 8g or 4096m, got 'lots'"), memory.err());
        CliRun flag = run("submit", "--target", "yarn", "--dry-run", "--config", config(dir, "{}"), "--trainer.maxEpoch=3");
        assertEquals(2, flag.status());
        assertTrue(flag.err().contains("unknown trainer flag (did you mean maxEpochs?)"), flag.err());
        CliRun userClass = run("submit", "--target", "yarn", "--dry-run", "--config", config(dir, "{}"), "--model.class=com.example.Missing");
        assertEquals(2, userClass.status());
        assertTrue(userClass.err().contains("class 'com.example.Missing' is not on the class path"), userClass.err());
    }

    @Test
    void theShippedClusterOverlaysSubmitAsTheySay(@TempDir Path dir) {
        for (String target : List.of("standalone", "yarn", "k8s", "databricks")) {
            CliRun run = run("submit", "--target", target, "--dry-run", "--uber-jar", "/opt/uber.jar", "--spark-home", dir.toString(),
                    "--config", "../conf/mnist-lenet.yaml", "--config", "../conf/cluster/" + target + ".yaml");
            assertEquals(0, run.status(), target + ": " + run.err());
            assertTrue(run.out().contains("fit") && run.out().contains("mnist-lenet.yaml"), target + ": " + run.out());
        }
    }

    @Test
    void everyRunCommandsHelpListsTheTrainerFlagsFromTheirValidatingDescriptions() {
        for (String command : List.of("fit", "validate", "test", "predict", "submit")) {
            CliRun help = run(command, "--help");
            assertEquals(0, help.status());
            for (TrainerFlag flag : TrainerFlag.ALL) {
                assertTrue(help.out().contains(flag.name()) && help.out().contains(flag.description()), command + " --help lacks " + flag.name());
            }
        }
    }
}

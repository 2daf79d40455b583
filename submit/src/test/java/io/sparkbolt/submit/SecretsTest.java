package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.storage.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Planted secrets (an S3 secret key and an Azure account key in spark.conf, an S3 access key given
 * on the command line, a data module's access token) appear in no output: not on stdout or
 * stderr, not in --print-config, config.yaml, hparams.yaml, metrics, TensorBoard events or any
 * entry of a checkpoint, not in a printed spark-submit command or Databricks request.
 */
class SecretsTest {
    private static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();
    private static final List<String> PLANTED = List.of("PLANTED-S3-SECRET", "PLANTED-AZURE-KEY", "PLANTED-ACCESS-KEY", "PLANTED-TOKEN");

    @Test
    void plantedSecretsAppearInNoOutput(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, String.join("\n",
                "model: {class: MlpClassifier, args: {hidden: [16], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}",
                "data: {class: io.sparkbolt.submit.cluster.TokenMnist, args: {dir: '" + MNIST + "', batchSize: 64, accessToken: PLANTED-TOKEN}}",
                "trainer:",
                "  maxEpochs: 1",
                "  limitTrainBatches: 5",
                "  limitValBatches: 2",
                "  enableProgressBar: false",
                "  defaultRootDir: '" + dir.resolve("logs") + "'",
                "  loggers: [{class: CsvLogger, args: {saveDir: '" + dir.resolve("logs") + "'}},"
                        + " {class: TensorBoardLogger, args: {saveDir: '" + dir.resolve("logs") + "'}}]",
                "  callbacks: [{class: ModelCheckpoint, args: {saveLast: true}}]",
                "spark:",
                "  master: 'spark://127.0.0.1:7077'",
                "  conf: {spark.hadoop.fs.s3a.secret.key: PLANTED-S3-SECRET,",
                "         spark.hadoop.fs.azure.account.key.acct.dfs.core.windows.net: PLANTED-AZURE-KEY,",
                "         spark.hadoop.fs.s3a.aws.credentials.provider: org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider}",
                ""));
        String access = "--spark.conf.spark.hadoop.fs.s3a.access.key=PLANTED-ACCESS-KEY";
        List<String> printed = new ArrayList<>();
        printed.add(cli(0, "fit", "--config", config.toString(), access, "--print-config"));
        printed.add(cli(0, "fit", "--config", config.toString(), access, "--trainer.strategy=local"));
        printed.add(cli(0, "submit", "--target", "standalone", "--config", config.toString(), access, "--dry-run",
                "--spark-home", dir.toString(), "--uber-jar", "/opt/sparkbolt-uber.jar"));
        printed.add(cli(0, "submit", "--target", "databricks", "--config", config.toString(), access, "--dry-run"));

        assertTrue(printed.get(0).contains("spark.hadoop.fs.s3a.secret.key: \"" + Secrets.MASK + "\"")
                || printed.get(0).contains("spark.hadoop.fs.s3a.secret.key: '" + Secrets.MASK + "'"), printed.get(0));
        assertTrue(printed.get(0).contains("org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"), "not a secret: " + printed.get(0));
        assertTrue(printed.get(2).contains("spark.hadoop.fs.s3a.access.key=" + Secrets.MASK), printed.get(2));
        List<String> files = new ArrayList<>();
        try (var walk = Files.walk(dir.resolve("logs"))) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.add(file.getFileName().toString());
                for (String content : contents(file)) {
                    for (String secret : PLANTED) {
                        assertFalse(content.contains(secret), secret + " in " + file);
                    }
                }
            }
        }
        assertTrue(files.containsAll(List.of("config.yaml", "hparams.yaml", "last.ckpt", "metrics.csv")), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.startsWith("events.out.tfevents")), files.toString());
        for (String output : printed) {
            for (String secret : PLANTED) {
                assertFalse(output.contains(secret), secret + " printed:\n" + output);
            }
        }
    }

    @Test
    void aRealProcessPrintsNoSecretWhileSparkAndHadoopGetTheRealValues(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, String.join("\n",
                "model: {class: MlpClassifier, args: {hidden: [16], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}",
                "data: {class: io.sparkbolt.submit.cluster.SecretCheckingMnist, args: {dir: '" + MNIST + "', batchSize: 64,",
                "       accessToken: PLANTED-TOKEN, sourceUrl: 'https://reader:PLANTED-URL-PASSWORD@store.example.com/mnist?sig=PLANTED-SIG',",
                "       expectedS3Secret: PLANTED-S3-SECRET, reportDir: '" + dir + "'}}",
                "trainer:",
                "  maxEpochs: 1",
                "  limitTrainBatches: 4",
                "  limitValBatches: 1",
                "  defaultRootDir: '" + dir.resolve("logs") + "'",
                "  strategy: {name: parameter-averaging, numWorkers: 2}",
                "spark:",
                "  master: 'local[2]'",
                "  conf: {spark.ui.enabled: 'false', spark.hadoop.fs.s3a.secret.key: PLANTED-S3-SECRET,",
                "         spark.hadoop.fs.s3a.aws.credentials.provider: org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider}",
                ""));
        Path log = dir.resolve("out.log");
        // The logging bin/sparkbolt runs with (the jar's log4j2.properties), not the tests' own.
        Map<String, String> logging = Map.of("log4j2.configurationFile", Path.of("target/classes/log4j2.properties").toAbsolutePath().toString());
        Process fit = ChildCli.start(log, logging, "fit", "--config", config.toString(),
                "--spark.conf.spark.hadoop.fs.s3a.access.key=PLANTED-ACCESS-KEY");
        boolean done = fit.waitFor(240, java.util.concurrent.TimeUnit.SECONDS);
        io.sparkbolt.submit.cluster.LocalCluster.stop(fit);
        String output = Files.readString(log);
        assertTrue(done && fit.exitValue() == 0, output);
        for (String secret : List.of("PLANTED-TOKEN", "PLANTED-URL-PASSWORD", "PLANTED-SIG", "PLANTED-S3-SECRET", "PLANTED-ACCESS-KEY")) {
            assertFalse(output.contains(secret), secret + " in the process's output:\n" + output);
        }
        assertTrue(output.contains("reading from https://reader:" + Secrets.MASK + "@store.example.com/mnist?sig=" + Secrets.MASK
                + " with token=" + Secrets.MASK), "the user's log line is there, masked:\n" + output);
        assertEquals("spark=true hadoop=true", Files.readString(dir.resolve("received-real-secrets")),
                "Spark and Hadoop still get the real values");
    }

    @Test
    void secretsInsideValuesAreMasked() {
        assertEquals("jdbc:postgresql://db:5432/runs?user=me&password=" + Secrets.MASK + "&ssl=true",
                Secrets.maskText("jdbc:postgresql://db:5432/runs?user=me&password=hunter2&ssl=true"));
        assertEquals("jdbc:sqlserver://db;user=me;pwd=" + Secrets.MASK + ";encrypt=true",
                Secrets.maskText("jdbc:sqlserver://db;user=me;pwd=hunter2;encrypt=true"));
        assertEquals("https://acct.blob.core.windows.net/c?sv=2022&sig=" + Secrets.MASK,
                Secrets.maskText("https://acct.blob.core.windows.net/c?sv=2022&sig=abc%2Bdef"));
        assertEquals("s3a://AKIA:" + Secrets.MASK + "@bucket/data", Secrets.maskText("s3a://AKIA:wJalr/xyz@bucket/data"));
        assertEquals("see https://mlflow.example.com/#/runs?token=" + Secrets.MASK, Secrets.maskText("see https://mlflow.example.com/#/runs?token=t0k"));
        assertEquals("no secret here: a=1 b@c", Secrets.maskText("no secret here: a=1 b@c"));
        Map<String, Object> masked = Secrets.mask(Map.of(
                "loggers", List.of(Map.of("class", "MLFlowLogger", "args", Map.of("trackingUri", "https://u:p4ss@mlflow:5000", "apiToken", "t"))),
                "urls", List.of("jdbc:mysql://db/x?password=p")));
        assertEquals("{loggers=[{args={apiToken=" + Secrets.MASK + ", trackingUri=https://u:" + Secrets.MASK + "@mlflow:5000}, class=MLFlowLogger}],"
                + " urls=[jdbc:mysql://db/x?password=" + Secrets.MASK + "]}", new java.util.TreeMap<>(sorted(masked)).toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sorted(Map<String, Object> map) {
        Map<String, Object> out = new java.util.TreeMap<>();
        map.forEach((k, v) -> out.put(k, v instanceof Map<?, ?> m ? sorted((Map<String, Object>) m)
                : v instanceof List<?> l ? l.stream().map(e -> e instanceof Map<?, ?> m ? sorted((Map<String, Object>) m) : e).toList() : v));
        return out;
    }

    @Test
    void secretKeysAreRecognisedAndOthersLeftAlone() {
        for (String key : List.of("spark.hadoop.fs.s3a.secret.key", "fs.s3a.access.key", "spark.authenticate.secret",
                "fs.azure.account.key.acct.blob.core.windows.net", "fs.azure.sas.container.acct", "javax.jdo.option.ConnectionPassword",
                "spark.ssl.keyStorePassword", "accessToken", "api_key", "DATABRICKS_TOKEN", "spark.io.encryption.key",
                "gcp.private_key", "ssh.passphrase")) {
            assertTrue(Secrets.isSecretKey(key), key);
        }
        for (String key : List.of("spark.hadoop.fs.s3a.aws.credentials.provider", "spark.executor.memory", "spark.authenticate",
                "dir", "batchSize", "spark.sql.catalog.database", "fs.s3a.endpoint")) {
            assertFalse(Secrets.isSecretKey(key), key);
        }
        assertEquals("--conf fs.s3a.secret.key=" + Secrets.MASK + " --conf spark.executor.memory=4g",
                Secrets.maskAssignments("--conf fs.s3a.secret.key=abc123 --conf spark.executor.memory=4g"));
    }

    /** A file's text, or each entry's for a zip (checkpoints are deflated). */
    private static List<String> contents(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (!file.toString().endsWith(".ckpt")) {
            return List.of(new String(bytes, StandardCharsets.ISO_8859_1));
        }
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.add(new String(zip.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        }
        assertTrue(entries.size() >= 4, "read the checkpoint's entries: " + entries.size());
        return entries;
    }

    /** Runs the CLI, asserts its status, returns what it printed on stdout and stderr. */
    private static String cli(int expected, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(expected, run.status(), run.out() + run.err());
        return run.out() + run.err();
    }
}

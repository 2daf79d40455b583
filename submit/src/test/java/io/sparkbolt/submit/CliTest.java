package io.sparkbolt.submit;

import io.sparkbolt.trainer.TrainerFlag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** {@code sparkbolt fit/validate/test} from YAML, with overrides, results JSON and one-line errors. */
class CliTest {
    /** The Spark 4 build (-Dspark4), which has no gradient sharing. */
    private static final boolean SPARK_4 = "2.13".equals(System.getProperty("sparkbolt.build.scala"));
    private static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();

    private String config(Path dir, String trainerExtra) throws Exception {
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, String.join("\n",
                "seed: 3",
                "model: {class: MlpClassifier, args: {hidden: [32], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}",
                "data: {class: MnistDataModule, args: {dir: '" + MNIST + "', batchSize: 64}}",
                "trainer:",
                "  maxEpochs: 1",
                "  limitTrainBatches: 40",
                "  limitValBatches: 10",
                "  limitTestBatches: 10",
                "  enableProgressBar: false",
                "  defaultRootDir: '" + dir.resolve("logs") + "'",
                trainerExtra,
                ""));
        return file.toString();
    }

    /** Runs the CLI; its exit status and stderr are what the tests look at. */
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void ckptPathLastWithoutARunSaysAFreshFitStarts(@TempDir Path dir) throws Exception {
        CliRun run = run("fit", "--config", config(dir, ""), "--trainer.limitTrainBatches=3", "--ckptPath", "last");
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("ckptPath=last: no checkpoint under ") && l.endsWith(" yet: starting a fresh fit")),
                run.out());
    }

    @Test
    void fitWritesResultsLogsAndTheResolvedConfig(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        CliRun run = run("fit", "--config", config(dir, ""), "--results", results.toString(), "--test",
                "--trainer.limitTrainBatches=30", "--model.args.hidden", "[16]");
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertTrue(json.get("val_acc").asDouble() > 0.5, json.toString());
        assertTrue(json.has("test_acc") && json.has("train_loss"), json.toString());
        Path version = dir.resolve("logs/sparkbolt_logs/version_0");
        String resolved = Files.readString(version.resolve("config.yaml"));
        assertTrue(resolved.contains("limitTrainBatches: 30") && resolved.contains("- 16"), resolved);
        assertTrue(Files.exists(version.resolve("metrics.csv")));
        assertTrue(Files.exists(version.resolve("hparams.yaml")));
    }

    @Test
    void fitResumesFromTheLastCheckpointIntoTheSameVersion(@TempDir Path dir) throws Exception {
        String config = config(dir, "");
        assertEquals(0, run("fit", "--config", config, "--trainer.limitTrainBatches=10").status());
        CliRun resumed = run("fit", "--config", config, "--trainer.limitTrainBatches=10", "--trainer.maxEpochs=2", "--ckptPath", "last");
        assertEquals(0, resumed.status(), resumed.err());
        Path version = dir.resolve("logs/sparkbolt_logs/version_0");
        assertFalse(Files.exists(dir.resolve("logs/sparkbolt_logs/version_1")), "the resumed fit continues version_0");
        assertTrue(Files.exists(version.resolve("checkpoints/epoch=1-step=20.ckpt")));
        String csv = Files.readString(version.resolve("metrics.csv"));
        assertTrue(csv.lines().anyMatch(line -> line.startsWith("10,")) && csv.lines().anyMatch(line -> line.startsWith("20,")), csv);

        CliRun finished = run("fit", "--config", config, "--trainer.limitTrainBatches=10", "--trainer.maxEpochs=2", "--ckptPath", "last");
        assertEquals(2, finished.status(), "refused input exits 2");
        assertTrue(finished.err().contains("nothing left to train"), finished.err());
    }

    @Test
    void laterConfigFilesAndFlagsWinAndPrintConfigShowsTheResult(@TempDir Path dir) throws Exception {
        Path overlay = dir.resolve("overlay.yaml");
        Files.writeString(overlay, "trainer: {maxEpochs: 4}\nmodel: {args: {lr: 0.01}}\n");
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SparkboltCli.run("fit", "--config", config(dir, ""), "--config", overlay.toString(),
                    "--seed", "99", "--trainer.limitValBatches=3", "--spark.conf.spark.executor.memory=8g", "--print-config"));
        } finally {
            System.setOut(originalOut);
        }
        JsonNode resolved = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(99, resolved.get("seed").asInt());
        assertEquals(4, resolved.at("/trainer/maxEpochs").asInt(), "the later file wins");
        assertEquals(40, resolved.at("/trainer/limitTrainBatches").asInt(), "keys only the first file has stay");
        assertEquals(3, resolved.at("/trainer/limitValBatches").asInt());
        assertEquals(0.01, resolved.at("/model/args/lr").asDouble());
        assertEquals("8g", resolved.at("/spark/conf").get("spark.executor.memory").asText(), "a Spark property keeps its dots");
        assertEquals("relu", resolved.at("/model/args/activation").asText(), "mappings merge key by key");
        assertFalse(Files.exists(dir.resolve("logs")), "--print-config runs nothing");

        Files.writeString(overlay, "trainer: {maxEpoch: 4}\n");
        CliRun bad = run("fit", "--config", config(dir, ""), "--config", overlay.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("overlay.yaml:1: trainer.maxEpoch"), bad.err());
    }

    @Test
    void predictWritesOnePartPerInputShardInTheInputsOrder(@TempDir Path dir) throws Exception {
        String config = config(dir, "");
        String[] mnist = {"--config", config, "--data.args.numShards=4"};
        assertEquals(0, run(concat(new String[] {"fit"}, mnist)).status());
        Path local = dir.resolve("local");
        CliRun predicted = run(concat(new String[] {"predict", "--ckptPath", "last", "--output", local.toString()}, mnist));
        assertEquals(0, predicted.status(), predicted.err());
        List<Path> parts;
        try (var files = Files.list(local)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
        assertEquals(4, parts.size(), "one part per shard of the predict split: " + parts);
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part);
            assertTrue(lines.get(0).startsWith("shard,row,output_0,output_1,") && lines.get(0).endsWith(",output_9,argmax"), lines.get(0));
            String shard = part.getFileName().toString().replaceAll("part-0*(\\d)\\.csv", "$1");
            assertTrue(lines.get(1).startsWith(shard + ",0,") && lines.get(2500).startsWith(shard + ",2499,"), "keyed by shard and row");
            assertEquals(1 + 2500, lines.size(), "a quarter of the 10,000 test images in each part");
        }
        assertTrue(Files.exists(local.resolve("_SUCCESS")));

        // Two workers compute the shards; the parts come out the same, in the input's order.
        Path averaged = dir.resolve("averaged");
        assertEquals(0, run(concat(new String[] {"predict", "--ckptPath", "last", "--output", averaged.toString(),
                "--trainer.strategy={name: parameter-averaging, numWorkers: 2}", "--spark.master=local[2]"}, mnist)).status());
        for (Path part : parts) {
            assertEquals(Files.readString(part), Files.readString(averaged.resolve(part.getFileName())));
        }

        Path parquet = dir.resolve("parquet");
        assertEquals(0, run(concat(new String[] {"predict", "--ckptPath", "last", "--output", parquet.toString(), "--format", "parquet",
                "--spark.master=local[2]"}, mnist)).status());
        // the command stopped the Spark it started; read the parquet parts back with a session of our own
        org.apache.spark.sql.SparkSession reader = org.apache.spark.sql.SparkSession.builder().master("local[1]")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            assertEquals(10_000, reader.read().parquet(parquet.toString()).count());
        } finally {
            reader.stop();
        }

        CliRun exists = run(concat(new String[] {"predict", "--ckptPath", "last", "--output", local.toString()}, mnist));
        assertEquals(2, exists.status());
        assertTrue(exists.err().contains("already exists"), exists.err());
    }

    private static String[] concat(String[] first, String[] second) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(second)).toArray(String[]::new);
    }

    @Test
    void csvRegressionTrainsFromTheShippedYamlAlone(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        CliRun run = run("fit", "--config", "../conf/csv-regression.yaml", "--data.args.path=../data/csv/linear.csv",
                "--trainer.maxEpochs=2", "--trainer.enableProgressBar=false", "--trainer.defaultRootDir=" + dir,
                "--results", results.toString(), "--test");
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertTrue(json.get("val_mse").asDouble() < 0.5, "the target has variance above 6: " + json);
        assertTrue(json.has("test_mse"), json.toString());
        assertTrue(Files.exists(dir.resolve("sparkbolt_logs/version_0/datamodule_state.json")));
    }

    @Test
    void dataFrameModuleReadsACsvPathWithSparkSqlFromYaml(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("frame.csv");
        StringBuilder text = new StringBuilder("a,b,target\n");
        for (int i = 0; i < 400; i++) {
            double a = (i % 2) * 3 + Math.sin(i);
            text.append(a).append(',').append(Math.cos(i)).append(',').append(i % 2).append('\n');
        }
        Files.writeString(csv, text);
        Path conf = dir.resolve("frame.yaml");
        Files.writeString(conf, String.join("\n",
                "model: {class: MlpClassifier, args: {hidden: [8], lr: 0.01, dropout: 0.0, l2: 0.0, activation: relu}}",
                "data: {class: DataFrameDataModule, args: {path: '" + csv + "', format: csv, labelColumn: target, numClasses: 2,",
                "       valFraction: 0.25, batchSize: 16, stagingDir: '" + dir.resolve("staging") + "'}}",
                "trainer: {maxEpochs: 3, enableProgressBar: false, defaultRootDir: '" + dir + "'}",
                "spark: {master: 'local[2]', conf: {spark.ui.enabled: 'false'}}",
                ""));
        Path results = dir.resolve("results.json");
        CliRun run = run("fit", "--config", conf.toString(), "--results", results.toString());
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertTrue(json.get("val_acc").asDouble() > 0.9, json.toString());
    }

    @Test
    void badCsvRowIsOneLineWithFileAndLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "x1,x2,y\n1,2,3\n1,oops,3\n");
        CliRun run = run("fit", "--config", "../conf/csv-regression.yaml", "--data.args.path=" + bad,
                "--data.args.valFraction=0", "--data.args.testFraction=0", "--trainer.defaultRootDir=" + dir);
        assertEquals(2, run.status());
        String last = run.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.contains("bad.csv:3: column 2: 'oops' is not a number"), run.err());
    }

    @Test
    void parameterAveragingRunsFromYamlOnLocalSpark(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        Path conf = Path.of(config(dir, "  strategy: {name: parameter-averaging, numWorkers: 2, averagingFrequency: 4}"));
        Files.writeString(conf, Files.readString(conf) + "spark: {master: 'local[2]', appName: cli-test, conf: {spark.ui.enabled: 'false'}}\n");
        CliRun run = run("fit", "--config", conf.toString(), "--results", results.toString(), "--data.args.numShards=2");
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertTrue(json.get("val_acc").asDouble() > 0.5, json.toString());
        assertTrue(json.has("round_compute_s"), json.toString());
        assertOneLineError(run("fit", "--config", conf.toString(), "--trainer.strategy.averagingFrequency=0"),
                "trainer.strategy: parameter-averaging option averagingFrequency must be >= 1, got 0");
    }

    @Test
    void gradientSharingRunsFromYamlOnLocalSpark(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        Path conf = Path.of(config(dir, "  strategy: {name: gradient-sharing, numWorkers: 2, chunkSteps: 20, allowUnauthenticatedExchange: true}"));
        Files.writeString(conf, Files.readString(conf) + "spark: {master: 'local[2]', appName: cli-test, conf: {spark.ui.enabled: 'false'}}\n");
        if (SPARK_4) {
            // DL4J's exchange is built for Scala 2.12 only: the Spark 4 build refuses at start, naming the way out
            assertOneLineError(run("fit", "--config", conf.toString()), "trainer.strategy: strategy 'gradient-sharing' is not in the Spark "
                    + System.getProperty("sparkbolt.build.spark") + " / Scala 2.13 build: DL4J's gradient exchange (dl4j-spark-parameterserver)"
                    + " is built for Scala 2.12 only; use strategy: ddp (synchronous all-reduce), or the Spark 3.5 / Scala 2.12 build");
            return;
        }
        CliRun run = run("fit", "--config", conf.toString(), "--results", results.toString(), "--data.args.numShards=2",
                "--trainer.limitTrainBatches=60");
        assertEquals(0, run.status(), run.err());
        JsonNode json = new ObjectMapper().readTree(results.toFile());
        assertTrue(json.get("val_acc").asDouble() > 0.5, json.toString());
        assertOneLineError(run("fit", "--config", conf.toString(), "--trainer.strategy.thresholdAlgorithm=often"),
                "thresholdAlgorithm expects adaptive, fixed or target-sparsity, got often");
        assertEquals(0, run("fit", "--config", "../conf/mnist-gradient-sharing.yaml", "--print-config").status(),
                "the shipped example config is valid");
    }

    @Test
    void validateAndTestReportTheirMetrics(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("test.json");
        assertEquals(0, run("test", "--config", config(dir, ""), "--results", results.toString()).status());
        assertTrue(new ObjectMapper().readTree(results.toFile()).has("test_acc"));
        assertEquals(0, run("validate", "--config", config(dir, "")).status());
    }

    private void assertOneLineError(CliRun run, String expected) {
        assertEquals(SparkboltCli.USAGE_ERROR, run.status(), run.err());
        String[] lines = run.err().strip().split("\n");
        assertEquals(1, lines.length, run.err());
        assertTrue(lines[0].startsWith("error: "), lines[0]);
        assertTrue(lines[0].contains(expected), "expected '" + expected + "' in: " + lines[0]);
    }

    @Test
    void unknownTrainerFlagNamesFileLineAndSuggestion(@TempDir Path dir) throws Exception {
        String conf = config(dir, "  maxEpoch: 3");
        assertOneLineError(run("fit", "--config", conf), "run.yaml:11: trainer.maxEpoch: unknown trainer flag (did you mean maxEpochs?)");
    }

    @Test
    void wrongTypeIsReportedWithItsLocation(@TempDir Path dir) throws Exception {
        assertOneLineError(run("fit", "--config", config(dir, "  accumulateGradBatches: two")),
                "run.yaml:11: trainer.accumulateGradBatches: expected integer, got \"two\"");
        assertOneLineError(run("fit", "--config", config(dir, ""), "--model.args.lr=fast"),
                "command line --model.args.lr: model.args.lr: expected a number");
    }

    @Test
    void outOfRangeFlagUsesTheTrainersRule(@TempDir Path dir) throws Exception {
        assertOneLineError(run("fit", "--config", config(dir, ""), "--trainer.maxEpochs=-5"),
                "command line --trainer.maxEpochs: trainer.maxEpochs: must be >= -1");
    }

    @Test
    void unknownModelArgumentListsTheKnownOnes(@TempDir Path dir) throws Exception {
        assertOneLineError(run("fit", "--config", config(dir, ""), "--model.args.hiden=[3]"),
                "model.args.hiden: unknown argument of MlpClassifier (did you mean hidden?) (it takes: activation, dropout, hidden, l2, lr)");
    }

    @Test
    void didYouMeanForComponentArgumentsAndClassNames(@TempDir Path dir) throws Exception {
        assertOneLineError(run("fit", "--config", config(dir, "  callbacks: [{class: EarlyStopping, args: {patiance: 3}}]")),
                "run.yaml:11: trainer.callbacks[0].args.patiance: unknown argument of EarlyStopping (did you mean patience?)");
        assertOneLineError(run("fit", "--config", config(dir, ""), "--model.class=MlpClasifier"),
                "class 'MlpClasifier' is not on the class path (did you mean MlpClassifier?); built-in LightningModule classes:"
                        + " LeNet, MlpClassifier, MlpRegressor; a class of your own needs its full name, and its jar in --jars");
        assertOneLineError(run("fit", "--config", config(dir, ""), "--model.class=io.sparkbolt.trainer.models.MlpRegresor"),
                "class 'io.sparkbolt.trainer.models.MlpRegresor' is not on the class path (did you mean MlpRegressor?)");
        assertOneLineError(run("fit", "--config", config(dir, ""), "--model.class=com.example.MyModel"),
                "class 'com.example.MyModel' is not on the class path (a class of your own: give its jar with --jars or SPARKBOLT_CLASSPATH)");
    }

    @Test
    void aConstructorsRefusalNamesTheOverrideThatCausedIt(@TempDir Path dir) throws Exception {
        assertOneLineError(run("fit", "--config", config(dir, ""), "--data.args.batchSize=0"),
                "error: command line --data.args.batchSize: data.args.batchSize: MnistDataModule: batchSize must be > 0");
        // replaced by an override, a file's keys below it no longer point at the file
        assertOneLineError(run("fit", "--config", config(dir, "  callbacks: [{class: EarlyStopping}]"),
                        "--trainer.callbacks=[{class: EarlyStopping, args: {patiance: 3}}]"),
                "error: command line --trainer.callbacks: trainer.callbacks[0].args.patiance: unknown argument");
    }

    @Test
    void aMonitorTheSanityCheckShowsIsNeverLoggedFailsBeforeTrainingWithNothingWritten(@TempDir Path dir) throws Exception {
        assertOneLineError(run("fit", "--config", config(dir, "  numSanityValSteps: 1\n"
                        + "  callbacks: [{class: ModelCheckpoint, args: {monitor: val_accuracy, mode: max}}]")),
                "ModelCheckpoint: monitor 'val_accuracy' is not logged by validation; the sanity check logged: val_loss, val_acc");
        assertOneLineError(run("fit", "--config", config(dir, "  numSanityValSteps: 1\n"
                        + "  callbacks: [{class: EarlyStopping, args: {monitor: val_lost}}]")),
                "EarlyStopping: monitor 'val_lost' is not logged by validation (did you mean val_loss?)");
        assertFalse(Files.exists(dir.resolve("logs")), "nothing written");
    }

    @Test
    void missingFilesAndClassesAreOneLine(@TempDir Path dir) throws Exception {
        assertOneLineError(run("fit", "--config", dir.resolve("nope.yaml").toString()), "config file");
        assertOneLineError(run("fit", "--config", config(dir, ""), "--model.class=NoSuchModel"),
                "model.class: class 'NoSuchModel' is not on the class path");
        assertOneLineError(run("fit", "--config", config(dir, ""), "--data.args.dir=" + dir.resolve("empty"),
                "--data.args.url=http://127.0.0.1:9/"), "MNIST download http://127.0.0.1:9/train-images-idx3-ubyte.gz failed");
        assertOneLineError(run("fit", "--config", config(dir, ""), "--trainer.strategy=warp"),
                "trainer.strategy: unknown strategy 'warp' (known: ddp, " + (SPARK_4 ? "" : "gradient-sharing, ") + "local, parameter-averaging)");
    }

    @Test
    void invalidYamlAndUnknownSections(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, "model: {class: MlpClassifier\ndata: [\n");
        assertOneLineError(run("fit", "--config", broken.toString()), "broken.yaml:");
        Path extra = dir.resolve("extra.yaml");
        Files.writeString(extra, "model: {class: MlpClassifier}\ndata: {class: MnistDataModule}\ntrainr: {}\n");
        assertOneLineError(run("fit", "--config", extra.toString()), "extra.yaml:3: trainr: unknown key (did you mean trainer?)");
    }

    @Test
    void aFailedRunWritesNoResults(@TempDir Path dir) throws Exception {
        Path results = dir.resolve("results.json");
        run("fit", "--config", config(dir, ""), "--results", results.toString(), "--trainer.valCheckInterval=1000");
        assertFalse(Files.exists(results));
    }

    @Test
    void flagsListsEveryTrainerFlag() {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, SparkboltCli.run("flags"));
        } finally {
            System.setOut(originalOut);
        }
        for (TrainerFlag flag : TrainerFlag.ALL) {
            assertTrue(out.toString(StandardCharsets.UTF_8).contains(flag.name()), flag.name());
        }
    }
}

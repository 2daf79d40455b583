package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RELIABILITY.md's bad-input table, case by case: each input ends with exactly one line
 * ({@code error: ...}) containing the documented message, a non-zero exit status, no stack trace,
 * and nothing written: no log directory, no results file, no checkpoint. Each case must also be a
 * row of the table, so the document and the code cannot drift apart.
 */
class BadInputCatalogTest {
    private static final Path MNIST = Path.of("../data/mnist").toAbsolutePath();
    private static final Path RELIABILITY = Path.of("../RELIABILITY.md");
    /** How many cases the catalog has: counted, not bounded, so a case cannot go missing unnoticed. */
    static final int CASES = 44;
    /** The Spark 4 build (-Dspark4) has no gradient sharing: its case there is the one-line refusal instead. */
    private static final boolean SPARK_4 = "2.13".equals(System.getProperty("sparkbolt.build.scala"));
    private static final int USAGE_ERROR = 2;
    @TempDir
    static Path shared;
    private static DatagramSocket heldPort;
    private static Path goodCheckpoint;

    /** One row of the table: what the user gives, the exit status, and what the one line says. */
    record Case(String area, String input, List<String> args, int status, String message) {
        @Override
        public String toString() {
            return area + ": " + input;
        }
    }

    @BeforeAll
    static void prepare() throws Exception {
        prepareIn(shared);
    }

    /** Sets up what the cases need under {@code dir} (a port held, a good checkpoint); {@link #cases} then builds them there. */
    static void prepareIn(Path dir) throws Exception {
        shared = dir;
        heldPort = new DatagramSocket(0, InetAddress.getByName("127.0.0.1")); // a UDP port some other process holds
        Path run = shared.resolve("trained");
        int status = SparkboltCli.run("fit", "--config", config(run, "").toString(), "--trainer.limitTrainBatches=3");
        assertEquals(0, status, "the good run the checkpoint cases start from");
        goodCheckpoint = run.resolve("logs/sparkbolt_logs/version_0/checkpoints/epoch=0-step=3.ckpt");
        assertTrue(Files.exists(goodCheckpoint));
    }

    @AfterAll
    static void release() {
        releasePort();
    }

    static void releasePort() {
        heldPort.close();
    }

    /** A Parquet file (parquet-hadoop's example writer, one row group) of x1, x2, label whose second row has no x2. */
    private static Path parquetWithANull(Path file) throws IOException {
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType(
                "message rows { required double x1; optional double x2; required int32 label; }");
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration();
        try (var writer = org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
                .withType(schema).withConf(conf).withWriteMode(org.apache.parquet.hadoop.ParquetFileWriter.Mode.OVERWRITE).build()) {
            var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema);
            for (int i = 0; i < 4; i++) {
                var row = groups.newGroup().append("x1", 1.0 + i).append("label", i % 2);
                if (i != 1) {
                    row.append("x2", 2.0 - i);
                }
                writer.write(row);
            }
        }
        return file;
    }

    static Stream<Case> cases() throws IOException {
        Path dir = Files.createDirectories(shared.resolve("inputs"));
        byte[] checkpoint = Files.readAllBytes(goodCheckpoint);
        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(checkpoint, checkpoint.length / 2));
        Path flipped = dir.resolve("flipped.ckpt");
        byte[] flippedBytes = checkpoint.clone();
        flippedBytes[checkpoint.length / 3] ^= 0x04;
        Files.write(flipped, flippedBytes);
        Path brokenYaml = dir.resolve("broken.yaml");
        Files.writeString(brokenYaml, "model: {class: MlpClassifier\ndata: [\n");
        Path badRow = dir.resolve("rows.csv");
        Files.writeString(badRow, "1.0,2.0,0\n1.5,2.5,1\n2.0,oops,1\n0.5,0.1,0\n");
        Path badLabel = dir.resolve("labels.csv");
        Files.writeString(badLabel, "1.0,2.0,0\n1.5,2.5,7\n2.0,0.3,1\n0.5,0.1,0\n");
        String csv = "data: {class: CsvDataModule, args: {path: '%s', labelColumn: -1, numClasses: 2, batchSize: 2}}";
        Path nullParquet = parquetWithANull(dir.resolve("null.parquet"));
        String parquet = "data: {class: DataFrameDataModule, args: {path: '%s', labelColumn: label, numClasses: 2, batchSize: 2}}";
        Path headerOnlyGz = gzip(dir.resolve("header-only.csv.gz"), "x1,x2,label\n");
        StringBuilder many = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 20_000; i++) {
            many.append(i % 7).append('.').append(i % 10).append(',').append(i % 5).append(".5,").append(i % 2).append('\n');
        }
        Path wholeGz = gzip(dir.resolve("whole.csv.gz"), many.toString());
        Path truncatedGz = dir.resolve("truncated.csv.gz");
        byte[] gz = Files.readAllBytes(wholeGz);
        Files.write(truncatedGz, java.util.Arrays.copyOf(gz, gz.length / 2));
        Path oneLine = dir.resolve("one-line.csv");
        try (var out = Files.newOutputStream(oneLine)) {
            byte[] digits = "1234567,".repeat(1 << 17).getBytes(StandardCharsets.US_ASCII); // 1 MiB without a line break
            for (int i = 0; i < 65; i++) {
                out.write(digits);
            }
        }
        Path tabs = dir.resolve("tabs.yaml");
        Files.writeString(tabs, "trainer:\n\tmaxEpochs: 1\n");
        String csvWithHeader = "data: {class: CsvDataModule, args: {path: '%s', labelColumn: -1, numClasses: 2, batchSize: 2, skipLines: 1}}";
        String gradientSharing = "{name: gradient-sharing, numWorkers: 2, allowUnauthenticatedExchange: true, unicastPort: " + heldPort.getLocalPort() + "}";
        List<Case> cases = new ArrayList<>(List.of(
                // config
                fit("config", "unknown key `trainer.maxEpoch: 3`", "  maxEpoch: 3", 2,
                        "run.yaml:11: trainer.maxEpoch: unknown trainer flag (did you mean maxEpochs?)"),
                fit("config", "wrong type `trainer.accumulateGradBatches: two`", "  accumulateGradBatches: two", 2,
                        "run.yaml:11: trainer.accumulateGradBatches: expected integer, got \"two\""),
                fit("config", "bad enum `trainer.gradientClipAlgorithm: sideways`", "  gradientClipAlgorithm: sideways", 2,
                        "trainer.gradientClipAlgorithm"),
                fit("config", "negative epochs `--trainer.maxEpochs=-5`", "", 2, "trainer.maxEpochs: must be >= -1", "--trainer.maxEpochs=-5"),
                fit("config", "conflicting flags: `minEpochs: 5` with `maxEpochs: 1`", "  minEpochs: 5", 2,
                        "trainer flag minEpochs=5 exceeds maxEpochs=1"),
                fit("config", "conflicting flags: `enableCheckpointing: false` with a ModelCheckpoint", "  enableCheckpointing: false\n"
                        + "  callbacks: [{class: ModelCheckpoint}]", 2, "enableCheckpointing=false contradicts the ModelCheckpoint callback"),
                new Case("config", "invalid YAML", List.of("fit", "--config", brokenYaml.toString()), 2, "broken.yaml:"),
                new Case("config", "a YAML indented with tabs", List.of("fit", "--config", tabs.toString()), 2, "tabs.yaml:2: not valid YAML: while scanning for the next token: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                fit("config", "unknown section `trainr:`", "", 2, "unknown key (did you mean trainer?)", "--trainr.maxEpochs=1"),
                fit("config", "`precision: 16` on the CPU build", "  precision: 16", 2,
                        "trainer flag precision=16 cannot run on this JVM: ND4J's CPU backend does not train in half precision"),
                fit("config", "`accelerator: gpu` on the CPU build", "  accelerator: gpu", 2,
                        "trainer flag accelerator=gpu needs ND4J's CUDA backend"),
                fit("config", "unknown strategy `warp`", "", 2, "unknown strategy 'warp'", "--trainer.strategy=warp"),
                // command line
                fit("CLI", "unknown option `--frobnicate`", "", 2, "override --frobnicate has no value (write --frobnicate=VALUE)", "--frobnicate"),
                new Case("CLI", "missing config file", List.of("fit", "--config", dir.resolve("nope.yaml").toString()), 2, "config file"),
                new Case("CLI", "no `--config`", List.of("fit"), 2, "Missing required option: '--config"),
                fit("CLI", "`--ckptPath` to a file that does not exist", "", 2, "does not exist", "--ckptPath", dir.resolve("gone.ckpt").toString()),
                // data
                fit("data", "MNIST directory without the files (download refused)", "", 2, "MNIST download http://127.0.0.1:9/",
                        "--data.args.dir=" + dir.resolve("empty"), "--data.args.url=http://127.0.0.1:9/"),
                withData("data", "CSV row with a non-number", String.format(csv, badRow), 2, "rows.csv:3: column 2: 'oops' is not a number"),
                withData("data", "CSV label out of range", String.format(csv, badLabel), 2, "labels.csv:2: column 3: label 7 is outside [0, 2)"),
                withData("data", "a header-only `.gz`", String.format(csvWithHeader, headerOnlyGz), 2,
                        "header-only.csv.gz has no data rows after skipLines=1"),
                withData("data", "a truncated `.gz`", String.format(csvWithHeader, truncatedGz), 2, "truncated.csv.gz is truncated near byte"),
                withData("data", "a 65 MiB line without a line break", String.format(csv, oneLine), 2,
                        "one-line.csv at byte 0: a line longer than 67108864 bytes"),
                withData("data", "Parquet row with a null", String.format(parquet, nullParquet), 2,
                        "null.parquet row 1: column 'x2' is null (onBadRow: skip leaves such rows out)"),
                // classes
                fit("classes", "model class not on the class path", "", 2, "model.class: class 'NoSuchModel' is not on the class path",
                        "--model.class=NoSuchModel"),
                fit("classes", "model class of the wrong type", "", 2, "java.lang.String", "--model.class=java.lang.String"),
                fit("classes", "unknown constructor argument", "", 2,
                        "model.args.hiden: unknown argument of MlpClassifier (did you mean hidden?) (it takes: activation, dropout, hidden, l2, lr)",
                        "--model.args.hiden=[3]"),
                fit("classes", "constructor argument of the wrong type", "", 2, "model.args.lr: expected a number", "--model.args.lr=fast"),
                fit("classes", "misspelt built-in class `--model.class=MlpClasifier`", "", 2,
                        "class 'MlpClasifier' is not on the class path (did you mean MlpClassifier?)", "--model.class=MlpClasifier"),
                fit("classes", "a constructor refuses an override `--data.args.batchSize=0`", "", 2,
                        "command line --data.args.batchSize: data.args.batchSize: MnistDataModule: batchSize must be > 0",
                        "--data.args.batchSize=0"),
                fit("CLI", "`--jars` naming a file that does not exist", "", 2, "--jars: no-such.jar does not exist", "--jars", "no-such.jar"),
                fit("config", "a monitor the sanity check shows is never logged (`val_lost`)", "  numSanityValSteps: 1\n"
                        + "  callbacks: [{class: EarlyStopping, args: {monitor: val_lost}}]", 2,
                        "EarlyStopping: monitor 'val_lost' is not logged by validation (did you mean val_loss?)"),
                // cluster
                fit("cluster", "unparsable Spark master", "  strategy: {name: parameter-averaging, numWorkers: 2}", 2,
                        "Spark did not start (spark.master=warp://nowhere): Could not parse Master URL: 'warp://nowhere'", "--spark.master=warp://nowhere"),
                SPARK_4 ? fit("cluster", "`strategy: gradient-sharing` on the Spark 4 line", "  strategy: " + gradientSharing, 2,
                                "strategy 'gradient-sharing' is not in the Spark 4")
                        : fit("cluster", "gradient exchange port in use", "  strategy: " + gradientSharing, 2,
                                "gradient-sharing: cannot listen on UDP 127.0.0.1:"),
                fit("cluster", "an `hdfs://` URI whose namenode is not running", "", 2, "cannot reach hdfs://127.0.0.1:1/datasets/mnist/train-images-idx3-ubyte.gz: nothing listens at 127.0.0.1:1 (is the name node running?)",
                        "--data.args.dir=hdfs://127.0.0.1:1/datasets/mnist"),
                fit("cluster", "an `hdfs://` URI whose host does not resolve", "", 2, "the host no-such-namenode.invalid does not resolve",
                        "--data.args.dir=hdfs://no-such-namenode.invalid:8020/datasets/mnist"),
                // bugs, not bad input: exit status 1 with the cause, and the same line on every strategy for a wrong output size
                fit("classes", "an exception inside a Spark task (a bug)", "  strategy: {name: parameter-averaging, numWorkers: 2}", 1,
                        "failed in a task: java.lang.IllegalStateException: a bug in FixedOutputMlp.trainingStep at batch 1",
                        "--model.class=io.sparkbolt.submit.cluster.FixedOutputMlp", "--model.args={outputs: 10, failAtStep: 1}"),
                fit("classes", "a module whose output size is not the data's classes (local)", "", 2,
                        "FixedOutputMlp's network has 5 outputs but MnistDataModule has 10 classes",
                        "--model.class=io.sparkbolt.submit.cluster.FixedOutputMlp", "--model.args={outputs: 5}"),
                fit("classes", "a module whose output size is not the data's classes (parameter averaging)",
                        "  strategy: {name: parameter-averaging, numWorkers: 2}", 2,
                        "FixedOutputMlp's network has 5 outputs but MnistDataModule has 10 classes",
                        "--model.class=io.sparkbolt.submit.cluster.FixedOutputMlp", "--model.args={outputs: 5}"),
                fit("classes", "a module whose output size is not the data's classes (ddp)", "  strategy: {name: ddp, numWorkers: 2}", 2,
                        "FixedOutputMlp's network has 5 outputs but MnistDataModule has 10 classes",
                        "--model.class=io.sparkbolt.submit.cluster.FixedOutputMlp", "--model.args={outputs: 5}"),
                // checkpoints
                fit("checkpoints", "`--ckptPath last!` where `defaultRootDir` holds no run", "", 2,
                        "ckptPath=last!: no checkpoint to resume under", "--ckptPath", "last!"),
                fit("checkpoints", "truncated checkpoint", "", 2, "truncated.ckpt is truncated", "--ckptPath", truncated.toString()),
                fit("checkpoints", "bit-flipped checkpoint", "", 2, "flipped.ckpt is corrupt", "--ckptPath", flipped.toString()),
                fit("checkpoints", "checkpoint of another network", "", 2, "parameter 0_W is [784, 32] in the checkpoint but [784, 8]",
                        "--ckptPath", goodCheckpoint.toString(), "--model.args.hidden=[8]", "--trainer.maxEpochs=2"),
                fit("checkpoints", "checkpoint already past `maxEpochs`", "", 2, "nothing left to train", "--ckptPath",
                        goodCheckpoint.toString(), "--trainer.maxEpochs=1", "--trainer.limitTrainBatches=3")));
        return cases.stream();
    }

    /** A gzip file holding {@code text}. */
    private static Path gzip(Path file, String text) throws IOException {
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    @Test
    void theCatalogCoversEveryAreaAndRELIABILITYListsEachCase() throws IOException {
        List<Case> all = cases().toList();
        assertEquals(CASES, all.size(), "the catalog's size, as RELIABILITY.md states it");
        assertTrue(Files.readString(RELIABILITY).contains("The catalog has " + CASES + " cases"), "RELIABILITY.md states the count");
        for (String area : List.of("config", "CLI", "data", "classes", "cluster", "checkpoints")) {
            assertTrue(all.stream().anyMatch(c -> c.area().equals(area)), "no case for " + area);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneLineANonZeroExitAndNothingWritten(Case input) throws Exception {
        Path run = Files.createTempDirectory(shared, "run");
        List<String> args = new ArrayList<>(input.args().stream().map(a -> a.replace("@RUN@", run.toString())).toList());
        Path results = run.resolve("results.json");
        if (args.size() > 1 && args.get(0).equals("fit") && args.contains("--config")) {
            args.addAll(List.of("--results", results.toString()));
        }
        String stderr = runCli(args, input.status());
        List<String> lines = stderr.lines().filter(l -> l.startsWith("error: ")).toList();
        assertEquals(1, lines.size(), "one error line:\n" + stderr);
        assertTrue(lines.get(0).contains(input.message()), "expected '" + input.message() + "' in: " + lines.get(0));
        assertFalse(stderr.lines().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by")), "no stack trace:\n" + stderr);
        System.out.println("bad input | " + input.area() + " | " + input.input() + " | " + lines.get(0) + " | " + input.status());
        assertFalse(Files.exists(results), "no results written");
        if (input.status() == USAGE_ERROR && Files.exists(run.resolve("logs"))) { // a bug (exit 1) strikes a run already logging
            try (var written = Files.walk(run.resolve("logs"))) {
                throw new AssertionError("no logs or checkpoints written, but: " + written.toList());
            }
        }
        String table = Files.readString(RELIABILITY);
        assertTrue(table.contains("| " + input.area() + " | " + input.input() + " | "), "RELIABILITY.md lacks the row for " + input);
        assertTrue(table.contains(input.message().replace("|", "\\|")), "RELIABILITY.md lacks the message of " + input);
    }

    @Test
    void verboseAddsTheStackTraceToTheOneLine() throws Exception {
        Path run = Files.createTempDirectory(shared, "verbose");
        String stderr = runCli(List.of("fit", "--config", run + "/run.yaml@  maxEpoch: 3", "--verbose"), 2);
        assertEquals(1, stderr.lines().filter(l -> l.startsWith("error: ")).count(), stderr);
        assertTrue(stderr.contains("unknown trainer flag") && stderr.lines().anyMatch(l -> l.startsWith("\tat ")), stderr);
    }

    /** {@code fit} with the base config plus {@code trainerLines}, and {@code extra} arguments. */
    private static Case fit(String area, String input, String trainerLines, int status, String message, String... extra) {
        List<String> args = new ArrayList<>(List.of("fit", "--config", "@RUN@/run.yaml@" + trainerLines));
        args.addAll(List.of(extra));
        return new Case(area, input, args, status, message);
    }

    /** {@code fit} with the base config's data section replaced by {@code dataLine}. */
    private static Case withData(String area, String input, String dataLine, int status, String message) {
        return new Case(area, input, List.of("fit", "--config", "@RUN@/run.yaml@@DATA@" + dataLine), status, message);
    }

    /** Runs the CLI (writing the case's config first), checks the status, returns stderr. */
    private static String runCli(List<String> args, int status) throws IOException {
        CliRun run = CliRun.of(resolve(args).toArray(String[]::new));
        assertNotEquals(0, run.status(), run.err());
        assertEquals(status, run.status(), run.err());
        return run.err();
    }

    /** A case's arguments with its config written: {@code DIR/run.yaml@LINES} becomes the path of that config. */
    static List<String> resolve(List<String> args) throws IOException {
        List<String> resolved = new ArrayList<>();
        for (String arg : args) {
            if (arg.contains("/run.yaml@")) {
                String[] parts = arg.split("/run.yaml@", 2);
                Path dir = Path.of(parts[0]);
                resolved.add(parts[1].startsWith("@DATA@")
                        ? config(dir, "", parts[1].substring("@DATA@".length())).toString() : config(dir, parts[1]).toString());
            } else {
                resolved.add(arg);
            }
        }
        return resolved;
    }

    private static Path config(Path dir, String trainerLines) throws IOException {
        return config(dir, trainerLines, "data: {class: MnistDataModule, args: {dir: '" + MNIST + "', batchSize: 64}}");
    }

    private static Path config(Path dir, String trainerLines, String dataLine) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("run.yaml");
        Files.writeString(file, String.join("\n",
                "seed: 3",
                "model: {class: MlpClassifier, args: {hidden: [32], lr: 0.002, dropout: 0.0, l2: 0.0, activation: relu}}",
                dataLine,
                "trainer:",
                "  maxEpochs: 1",
                "  limitTrainBatches: 40",
                "  limitValBatches: 10",
                "  limitTestBatches: 10",
                "  enableProgressBar: false",
                "  defaultRootDir: '" + dir.resolve("logs") + "'",
                trainerLines,
                "spark: {master: 'local[2]', conf: {spark.ui.enabled: 'false'}}",
                ""));
        return file;
    }
}

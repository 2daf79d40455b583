package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.models.MlpRegressor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV data module in one JVM: training, splits, codecs, shards. */
class CsvDataModuleTest {
    @TempDir
    Path dir;

    @Test
    void classifierTrainsFromACsvFileWithAHeader() {
        Path file = CsvFixtures.write(dir.resolve("blobs.csv"), CsvFixtures.HEADER, CsvFixtures.blobs(0, 600, 1));
        CsvDataModule data = CsvDataModule.builder(file.toString()).labelColumn(-1).numClasses(3).skipLines(1)
                .valFraction(0.2).testFraction(0.1).batchSize(32).build();
        MlpClassifier model = new MlpClassifier(List.of(16), 0.01);
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(4).build();
        trainer.fit(model, data);

        assertEquals(new DataShape(4, 3), data.shape().orElseThrow());
        Map<Split, Long> rows = data.rowCounts();
        assertEquals(600, rows.get(Split.TRAIN) + rows.get(Split.VAL) + rows.get(Split.TEST));
        assertTrue(Math.abs(rows.get(Split.VAL) - 120) < 40, "about 20% held out for validation: " + rows);
        assertTrue(trainer.callbackMetrics().get("val_acc") > 0.95, "val " + trainer.callbackMetrics());
        assertTrue(trainer.test(model, data).get("test_acc") > 0.95);
        assertTrue(!Files.exists(Path.of(Trainer.DATA_STATE_FILE)), "no logger, no state file in the working directory");
    }

    @Test
    void aDirectoryWhoseFirstFilesHoldNoRowsTrainsOnTheOthers() throws Exception {
        Path table = Files.createDirectories(dir.resolve("table"));
        Files.writeString(table.resolve("part-00000.csv"), "");
        Files.writeString(table.resolve("part-00001.csv"), CsvFixtures.HEADER + "\n");
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(table.resolve("part-00002.csv.gz")))) {
            gz.write((CsvFixtures.HEADER + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        CsvFixtures.write(table.resolve("part-00003.csv"), CsvFixtures.HEADER, CsvFixtures.blobs(0, 300, 2));
        CsvDataModule data = CsvDataModule.builder(table.toString()).labelColumn(-1).numClasses(3).skipLines(1).batchSize(32).build();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(1).build();
        trainer.fit(new MlpClassifier(List.of(8), 0.01), data);
        assertEquals(new DataShape(4, 3), data.shape().orElseThrow(), "columns from the first file with a row");
        assertEquals(300L, data.rowCounts().values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void aByteOrderMarkBeforeAHeaderlessFileIsNotPartOfTheFirstValue() throws Exception {
        List<String> rows = CsvFixtures.blobs(0, 200, 3);
        Path file = CsvFixtures.write(dir.resolve("bom.csv"), null, rows);
        Files.write(file, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Files.readAllBytes(file)));
        CsvDataModule data = CsvDataModule.builder(file.toString()).labelColumn(-1).numClasses(3).batchSize(200).build();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(1).build();
        trainer.fit(new MlpClassifier(List.of(8), 0.01), data); // a BOM read as part of the first value: "'\uFEFF0' is not a number"
        assertEquals(200L, data.rowCounts().values().stream().mapToLong(Long::longValue).sum(), "the first row is read, not refused");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** An id column is no feature; written predictions carry it as their key, so they join back to the input rows. */
    @Test
    void predictionsAreKeyedByTheIdColumn() throws Exception {
        List<String> rows = CsvFixtures.blobs(0, 400, 5).stream().map(row -> "user-" + row).toList(); // id "user-17"
        Path file = CsvFixtures.write(dir.resolve("keyed.csv"), null, rows);
        CsvDataModule data = CsvDataModule.builder(file.toString()).idColumn(0).numClasses(3).testFraction(0.25).batchSize(32).build();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(8).build();
        MlpClassifier model = new MlpClassifier(List.of(16), 0.02);
        trainer.fit(model, data);
        assertEquals(new DataShape(3, 3), data.shape().orElseThrow(), "x1, x2, x3: the id is not a feature");
        Path out = dir.resolve("keyed-predictions");
        long rowsWritten = trainer.predict(model, data, null, io.sparkbolt.trainer.predict.PredictionOutput.csv(out.toString())).rows();
        List<String> lines = new ArrayList<>();
        try (var parts = Files.list(out)) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> partLines = Files.readAllLines(part);
                assertEquals("id,output_0,output_1,output_2,argmax", partLines.get(0));
                lines.addAll(partLines.subList(1, partLines.size()));
            }
        }
        assertEquals(data.rowCounts().get(Split.TEST), rowsWritten);
        assertEquals(rowsWritten, lines.size());
        Map<String, String> labels = new java.util.HashMap<>();
        rows.forEach(row -> labels.put(row.substring(0, row.indexOf(',')), row.substring(row.lastIndexOf(',') + 1)));
        long right = 0;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String line : lines) {
            String id = line.substring(0, line.indexOf(','));
            assertTrue(labels.containsKey(id) && seen.add(id), "each key an input row's id, once: " + id);
            right += labels.get(id).equals(line.substring(line.lastIndexOf(',') + 1)) ? 1 : 0;
        }
        double testAcc = trainer.test(model, data).get("test_acc");
        assertEquals(Math.round(testAcc * lines.size()), right, "joined back by id, the predictions are right exactly as often as test_acc says");
        assertTrue(testAcc > 0.9, "test_acc " + testAcc);

        io.sparkbolt.trainer.api.SparkboltException clash = org.junit.jupiter.api.Assertions.assertThrows(
                io.sparkbolt.trainer.api.SparkboltException.class,
                () -> CsvFixtures.quietTrainer().build().fit(model, CsvDataModule.builder(file.toString()).idColumn(4).numClasses(3).build()));
        assertTrue(clash.getMessage().contains("idColumn=4 is also the label"), clash.getMessage());
    }

    @Test
    void regressorLogsValidationMeanSquaredError() {
        Path file = CsvFixtures.write(dir.resolve("linear.csv"), null, CsvFixtures.linear(800, 2));
        CsvDataModule data = CsvDataModule.builder(file.toString()).valFraction(0.25).batchSize(32).build();
        MlpRegressor model = new MlpRegressor(List.of(16), 0.01);
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(6).build();
        trainer.fit(model, data);

        assertEquals(DataShape.regression(2, 1), data.shape().orElseThrow());
        double mse = trainer.callbackMetrics().get("val_mse");
        // y has variance 5 (2^2 + 1^2); a fitted model gets close to the noise
        assertTrue(mse < 0.1, "val_mse " + mse);
    }

    @Test
    void readsGzipBzip2AndPlainPartFilesOfADirectoryOrGlob() {
        Path parts = dir.resolve("parts");
        CsvFixtures.write(parts.resolve("part-0.csv"), null, CsvFixtures.blobs(0, 100, 3));
        CsvFixtures.write(parts.resolve("part-1.csv.gz"), null, CsvFixtures.blobs(100, 250, 3));
        CsvFixtures.write(parts.resolve("part-2.csv.bz2"), null, CsvFixtures.blobs(250, 300, 3));
        CsvFixtures.write(parts.resolve("_SUCCESS"), null, List.of());
        for (String path : List.of(parts.toString(), parts.toUri().toString(), parts + "/part-*")) {
            CsvDataModule data = CsvDataModule.builder(path).numClasses(3).normalize("none").build();
            data.prepareData();
            assertEquals(300L, data.rowCounts().get(Split.TRAIN), path);
            assertEquals(300, allIds(data, Split.TRAIN, 0).size(), path);
        }
    }

    @Test
    void everyRowIsReadExactlyOncePerEpochAcrossWorkersAndSplits() {
        Path parts = dir.resolve("many");
        List<Integer> all = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            String name = "part-" + p + (p % 2 == 0 ? ".csv" : ".csv.gz");
            CsvFixtures.write(parts.resolve(name), CsvFixtures.HEADER, CsvFixtures.blobs(p * 700, p * 700 + 650 + p * 10, 4));
            IntStream.range(p * 700, p * 700 + 650 + p * 10).forEach(all::add);
        }
        CsvDataModule data = CsvDataModule.builder(parts.toString()).numClasses(3).skipLines(1).valFraction(0.2)
                .normalize("none").batchSize(50).build();
        data.attach(CsvFixtures.contextWithParallelism(7)); // cut the plain files into byte ranges
        data.prepareData();
        data.setup(Stage.FIT);
        assertTrue(data.shards(Split.TRAIN).size() > 5, "plain files are cut into byte ranges: " + data.shards(Split.TRAIN).size());

        for (int epoch = 0; epoch < 2; epoch++) {
            List<Integer> train = allIds(data, Split.TRAIN, epoch);
            List<Integer> val = allIds(data, Split.VAL, epoch);
            assertEquals(train.size(), train.stream().distinct().count(), "no training row twice in epoch " + epoch);
            assertEquals(data.rowCounts().get(Split.TRAIN), (long) train.size());
            List<Integer> union = new ArrayList<>(train);
            union.addAll(val);
            assertEquals(all.stream().sorted().toList(), union.stream().sorted().toList(), "every row once, in one split");
        }
        // the split is a function of the rows, not of how the files were cut
        CsvDataModule whole = CsvDataModule.builder(parts.toString()).numClasses(3).skipLines(1).valFraction(0.2)
                .normalize("none").build();
        whole.prepareData();
        assertEquals(allIds(data, Split.VAL, 0).stream().sorted().toList(), allIds(whole, Split.VAL, 0).stream().sorted().toList());
    }

    @Test
    void trainingRowsAreReshuffledEachEpochWithTheSeed() {
        Path file = CsvFixtures.write(dir.resolve("shuffle.csv"), null, CsvFixtures.blobs(0, 300, 5));
        CsvDataModule data = CsvDataModule.builder(file.toString()).numClasses(3).normalize("none").build();
        data.prepareData();
        assertTrue(!allIds(data, Split.TRAIN, 0).equals(allIds(data, Split.TRAIN, 1)), "epochs differ in order");
        assertEquals(allIds(data, Split.TRAIN, 1), allIds(data, Split.TRAIN, 1), "the same epoch reads the same order");
    }

    /** The ids (first column) of every row of {@code split}, reading each shard as a worker would. */
    static List<Integer> allIds(CsvDataModule data, Split split, int epoch) {
        List<Integer> ids = new ArrayList<>();
        List<? extends Shard> shards = data.shards(split);
        for (int i = 0; i < shards.size(); i++) {
            Iterator<Batch> batches = data.open(shards.get(i), new ShardRead(split, epoch, 42, true, i));
            while (batches.hasNext()) {
                Batch batch = batches.next();
                for (int row = 0; row < batch.size(); row++) {
                    ids.add((int) batch.features().getDouble(row, 0));
                }
            }
        }
        return ids;
    }

    @Test
    void statisticsAreSavedNextToTheLogsAndAppliedByALaterRun() throws Exception {
        Path file = CsvFixtures.write(dir.resolve("train.csv"), null, CsvFixtures.blobs(0, 400, 6));
        CsvDataModule data = CsvDataModule.builder(file.toString()).numClasses(3).valFraction(0.2).build();
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(1)
                .loggers(List.of(new io.sparkbolt.trainer.loggers.CsvLogger(dir.resolve("logs").toString())))
                .enableCheckpointing(true).build();
        trainer.fit(new MlpClassifier(List.of(8), 0.01), data);
        Path saved = Path.of(trainer.logDir().replaceFirst("^file:", "")).resolve(Trainer.DATA_STATE_FILE);
        assertTrue(Files.exists(saved), "statistics next to the logs: " + saved);

        Path other = CsvFixtures.write(dir.resolve("other.csv"), null, CsvFixtures.blobs(1000, 1100, 7));
        CsvDataModule fromFile = CsvDataModule.builder(other.toString()).numClasses(3).statePath(saved.toString()).build();
        fromFile.prepareData();
        assertEquals(data.stateDict().get("mean").toString(), fromFile.stateDict().get("mean").toString(),
                "the later run applies the fit's statistics, not its own data's");
        try (var checkpoints = Files.list(Path.of(trainer.logDir().replaceFirst("^file:", "")).resolve("checkpoints"))) {
            String ckpt = checkpoints.filter(p -> p.toString().endsWith(".ckpt")).findFirst().orElseThrow().toString();
            CsvDataModule fromCheckpoint = CsvDataModule.builder(other.toString()).numClasses(3).statePath(ckpt).build();
            fromCheckpoint.prepareData();
            assertEquals(fromFile.stateDict().get("std").toString(), fromCheckpoint.stateDict().get("std").toString());
        }
        CsvDataModule own = CsvDataModule.builder(other.toString()).numClasses(3).build();
        own.prepareData();
        assertTrue(!own.stateDict().get("mean").toString().equals(fromFile.stateDict().get("mean").toString()));
    }
}

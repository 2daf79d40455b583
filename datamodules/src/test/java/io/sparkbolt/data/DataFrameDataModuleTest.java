package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.storage.Storage;
import io.sparkbolt.trainer.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training from Spark SQL frames: Parquet read in place, other frames staged once as Parquet; never collected. */
class DataFrameDataModuleTest {
    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("dataframe-test").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** The blobs of {@link CsvFixtures#blobs} as a frame: id, x1, x2, x3 doubles, a name, an integer label, a vector. */
    private static Dataset<Row> blobs(int count) {
        List<Row> rows = new ArrayList<>();
        for (String line : CsvFixtures.blobs(0, count, 3)) {
            String[] f = line.split(",");
            double x1 = Double.parseDouble(f[1]);
            double x2 = Double.parseDouble(f[2]);
            double x3 = Double.parseDouble(f[3]);
            rows.add(RowFactory.create(Double.parseDouble(f[0]), x1, x2, x3, "row" + f[0], Integer.parseInt(f[4]),
                    Vectors.dense(x1, x2, x3)));
        }
        StructType schema = new StructType().add("id", DataTypes.DoubleType).add("x1", DataTypes.DoubleType)
                .add("x2", DataTypes.DoubleType).add("x3", DataTypes.DoubleType).add("name", DataTypes.StringType)
                .add("label", DataTypes.IntegerType).add("features", new VectorUDT());
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    private static DataFrameDataModule yaml(String table, String path, String format, List<String> featureColumns,
                                            String vectorColumn, String label) {
        return new DataFrameDataModule(table, path, format, featureColumns, vectorColumn, label, 3, 0.2, 0, 32,
                "standardize", true, "fail", 42, dir.resolve("staging").toString(), "");
    }

    @Test
    void trainsFromAFrameBuiltInJavaWithParameterAveraging() {
        DataFrameDataModule data = DataFrameDataModule.of(blobs(900), List.of("x1", "x2", "x3"), "label", 3, 0.2, 32)
                .withStagingDir(dir.resolve("staging-java").toString());
        MlpClassifier model = new MlpClassifier(List.of(16), 0.01);
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(3)
                .strategy(ParameterAveraging.builder().numWorkers(2).averagingFrequency(4).build()).build();
        trainer.fit(model, data);
        assertEquals(new DataShape(3, 3), data.shape().orElseThrow());
        assertEquals(900L, data.rowCounts().get(Split.TRAIN) + data.rowCounts().get(Split.VAL));
        assertTrue(trainer.callbackMetrics().get("val_acc") > 0.9, "val " + trainer.callbackMetrics());
    }

    @Test
    void readsATableByNameWithAVectorColumn() {
        blobs(300).createOrReplaceTempView("blobs_table");
        DataFrameDataModule data = yaml("blobs_table", "", "parquet", List.of(), "features", "label");
        data.prepareData();
        assertEquals(new DataShape(3, 3), data.shape().orElseThrow());
        assertEquals(300L, data.rowCounts().get(Split.TRAIN) + data.rowCounts().get(Split.VAL));
    }

    @Test
    void readsAParquetPathInPlaceWithParameterAveraging() {
        String parquet = dir.resolve("blobs.parquet").toString();
        blobs(600).drop("name", "features").write().parquet(parquet);
        Path staging = dir.resolve("staging-in-place");
        DataFrameDataModule data = new DataFrameDataModule("", parquet, "parquet", List.of(), "", "label", 3, 0.2, 0, 32,
                "standardize", true, "fail", 42, staging.toString(), "");
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(5)
                .strategy(ParameterAveraging.builder().numWorkers(2).averagingFrequency(4).build()).build();
        trainer.fit(new MlpClassifier(List.of(16), 0.01), data);
        assertEquals(new DataShape(4, 3), data.shape().orElseThrow(), "every column but the label: id, x1, x2, x3");
        assertTrue(data.stagedDirectory().isEmpty(), "a plain scan is read in place");
        assertFalse(Files.exists(staging), "no staging directory is created");
        assertTrue(data.shards(Split.TRAIN).size() >= 2, "each worker gets row groups: " + data.shards(Split.TRAIN));
        assertTrue(trainer.callbackMetrics().get("val_acc") > 0.9, "val " + trainer.callbackMetrics());
    }

    @Test
    void parquetReadInPlaceTrainsExactlyAsTheSameRowsGivenAsCsv() throws Exception {
        // the same rows in the same order, values exactly representable as floats so CSV text parses to the same numbers
        List<String> csvRows = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (String line : CsvFixtures.blobs(0, 500, 11)) {
            String[] f = line.split(",");
            float x1 = Float.parseFloat(f[1]);
            float x2 = Float.parseFloat(f[2]);
            float x3 = Float.parseFloat(f[3]);
            int label = Integer.parseInt(f[4]);
            csvRows.add((double) x1 + "," + (double) x2 + "," + (double) x3 + "," + label);
            rows.add(RowFactory.create((double) x1, (double) x2, (double) x3, label));
        }
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add("x3", DataTypes.DoubleType).add("label", DataTypes.IntegerType);
        String parquet = dir.resolve("same.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet);
        Path csv = CsvFixtures.write(dir.resolve("same.csv"), null, csvRows);

        Trainer fromParquet = CsvFixtures.quietTrainer().maxEpochs(2).build();
        DataFrameDataModule parquetData = new DataFrameDataModule("", parquet, "parquet", List.of(), "", "label", 3, 0, 0, 32,
                "standardize", true, "fail", 42, dir.resolve("staging-same").toString(), "");
        fromParquet.fit(new MlpClassifier(List.of(16), 0.01), parquetData);
        Trainer fromCsv = CsvFixtures.quietTrainer().maxEpochs(2).build();
        fromCsv.fit(new MlpClassifier(List.of(16), 0.01), CsvDataModule.builder(csv.toString()).numClasses(3).batchSize(32).build());

        assertTrue(parquetData.stagedDirectory().isEmpty());
        assertEquals(fromCsv.globalStep(), fromParquet.globalStep());
        assertArrayEquals(fromCsv.network().params().data().asFloat(), fromParquet.network().params().data().asFloat(),
                "the same examples in the same order train to the same bits");
    }

    @Test
    void aFilteredFrameIsStagedOnceAsParquetAndAResumeRecognisesIt() {
        String parquet = dir.resolve("to-filter.parquet").toString();
        blobs(600).drop("name", "features").write().parquet(parquet);
        String staging = dir.resolve("staging-filtered").toString();
        String checkpoints = dir.resolve("filtered-ckpt").toString();
        Supplier<DataFrameDataModule> data = () -> DataFrameDataModule.of(spark.read().parquet(parquet).filter("x1 > -100"),
                List.of("x1", "x2", "x3"), "label", 3, 0.2, 32).withStagingDir(staging);

        DataFrameDataModule first = data.get();
        trainer(1, checkpoints).fit(new MlpClassifier(List.of(16), 0.01), first);
        String stagedDir = first.stagedDirectory().orElseThrow();
        assertTrue(stagedDir.contains("frame-"), stagedDir);
        List<String> stagedFiles = Storage.list(Storage.path(stagedDir));
        assertTrue(stagedFiles.stream().anyMatch(name -> name.endsWith(".parquet")), "staged as Parquet: " + stagedFiles);

        try (LogCapture log = new LogCapture()) {
            DataFrameDataModule resumed = data.get();
            Trainer trainer = trainer(2, checkpoints);
            trainer.fit(new MlpClassifier(List.of(16), 0.01), resumed, "last");
            assertEquals(stagedDir, resumed.stagedDirectory().orElseThrow(), "the same copy");
            assertEquals(List.of(), log.containing("differs from what checkpoint"), "the resumed fit does not warn");
            assertEquals(stagedFiles, Storage.list(Storage.path(stagedDir)), "read, not staged again (part names carry a write's id)");
            assertTrue(trainer.callbackMetrics().get("val_acc") > 0.9, "val " + trainer.callbackMetrics());
        }
        assertEquals(1, Storage.list(Storage.path(staging)).size(), "one copy: " + Storage.list(Storage.path(staging)));
    }

    /**
     * An id column keys the written predictions (as text, whatever its type), read in place from
     * Parquet and ORC and carried through a staged copy, so predictions join back to their rows.
     */
    @Test
    void predictionsAreKeyedByTheIdColumnAndJoinBack() {
        Dataset<Row> frame = blobs(300).drop("features").coalesce(2);
        String parquet = dir.resolve("keyed.parquet").toString();
        String orc = dir.resolve("keyed.orc").toString();
        frame.write().parquet(parquet);
        frame.write().orc(orc);
        spark.read().parquet(parquet).filter("x1 > -100").createOrReplaceTempView("filtered_keyed");
        List<DataFrameDataModule> modules = List.of(
                new DataFrameDataModule("", parquet, "parquet", List.of("x1", "x2", "x3"), "", "label", 3, 0, 0.5, 32,
                        "standardize", true, "fail", 42, dir.resolve("staging-keyed").toString(), "name"),
                new DataFrameDataModule("", orc, "orc", List.of(), "", "label", 3, 0, 0.5, 32,
                        "standardize", true, "fail", 42, dir.resolve("staging-keyed").toString(), "name"),
                new DataFrameDataModule("filtered_keyed", "", "parquet", List.of(), "", "label", 3, 0, 0.5, 32,
                        "standardize", true, "fail", 42, dir.resolve("staging-keyed").toString(), "name"));
        for (int i = 0; i < modules.size(); i++) {
            DataFrameDataModule data = modules.get(i);
            Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(4)
                    .strategy(ParameterAveraging.builder().numWorkers(2).averagingFrequency(4).build()).build();
            MlpClassifier model = new MlpClassifier(List.of(16), 0.02);
            trainer.fit(model, data);
            assertEquals(new DataShape(i == 0 ? 3 : 4, 3), data.shape().orElseThrow(),
                    "the id column is not a feature (all but the label and the id: id, x1, x2, x3)");
            assertEquals(i == 2, data.stagedDirectory().isPresent(), "module " + i);
            String out = dir.resolve("keyed-predictions-" + i).toString();
            long written = trainer.predict(model, data, null, io.sparkbolt.trainer.predict.PredictionOutput.parquet(out)).rows();
            Dataset<Row> predictions = spark.read().parquet(out);
            assertEquals(List.of("name", "output_0", "output_1", "output_2", "argmax"), List.of(predictions.columns()));
            assertEquals(data.rowCounts().get(Split.TEST), written);
            assertEquals(written, predictions.count());
            assertEquals(written, predictions.select("name").distinct().count(), "one row per input row");
            Dataset<Row> joined = predictions.join(frame, "name");
            assertEquals(written, joined.count(), "every prediction joins back to its input row");
            long right = joined.filter("argmax = label").count();
            double testAcc = trainer.test(model, data).get("test_acc");
            assertEquals(Math.round(testAcc * written), right, "module " + i + ": joined back by id, the predictions are right"
                    + " exactly as often as test_acc says");
        }
    }

    private static Trainer trainer(int epochs, String checkpoints) {
        return CsvFixtures.quietTrainer().maxEpochs(epochs).enableCheckpointing(true).defaultRootDir(checkpoints)
                .callbacks(ModelCheckpoint.builder().dirPath(checkpoints).build()).build();
    }

    @Test
    void vectorAndArrayColumnsAreReadInPlaceDenseOrSparse() {
        List<Row> rows = new ArrayList<>();
        for (String line : CsvFixtures.blobs(0, 400, 5)) {
            String[] f = line.split(",");
            double x1 = Double.parseDouble(f[1]);
            double x2 = Double.parseDouble(f[2]);
            double x3 = Double.parseDouble(f[3]);
            int id = (int) Double.parseDouble(f[0]);
            // every third row sparse, with its middle element zero
            Vector vector = id % 3 == 0 ? Vectors.sparse(3, new int[] {0, 2}, new double[] {x1, x3}) : Vectors.dense(x1, x2, x3);
            double middle = id % 3 == 0 ? 0 : x2;
            rows.add(RowFactory.create(x1, middle, x3, vector, new float[] {(float) x1, (float) middle, (float) x3}, Integer.parseInt(f[4])));
        }
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType)
                .add("x3", DataTypes.DoubleType).add("vec", new VectorUDT())
                .add("arr", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.IntegerType);
        String parquet = dir.resolve("vectors.parquet").toString();
        spark.createDataFrame(rows, schema).repartition(2).write().parquet(parquet);

        Map<String, Object> byColumns = prepared(new DataFrameDataModule("", parquet, "parquet", List.of("x1", "x2", "x3"), "", "label",
                3, 0, 0, 32, "standardize", true, "fail", 42, "", ""));
        for (String column : List.of("vec", "arr")) {
            DataFrameDataModule data = new DataFrameDataModule("", parquet, "parquet", List.of(), column, "label",
                    3, 0, 0, 32, "standardize", true, "fail", 42, "", "");
            Map<String, Object> state = prepared(data);
            assertTrue(data.stagedDirectory().isEmpty(), column + " read in place");
            assertEquals(new DataShape(3, 3), data.shape().orElseThrow());
            assertEquals(byColumns.get("rows"), state.get("rows"));
            assertArrayEquals(doubles(byColumns.get("mean")), doubles(state.get("mean")), 1e-6, column);
            assertArrayEquals(doubles(byColumns.get("std")), doubles(state.get("std")), 1e-6, column);
        }
    }

    @Test
    void orcIsReadInPlaceToTheSameExamplesAsParquet() {
        List<Row> rows = new ArrayList<>();
        for (String line : CsvFixtures.blobs(0, 300, 8)) {
            String[] f = line.split(",");
            double x1 = Double.parseDouble(f[1]);
            double x2 = Double.parseDouble(f[2]);
            double x3 = Double.parseDouble(f[3]);
            int id = (int) Double.parseDouble(f[0]);
            Vector vector = id % 2 == 0 ? Vectors.sparse(3, new int[] {0, 2}, new double[] {x1, x3}) : Vectors.dense(x1, x2, x3);
            rows.add(RowFactory.create(x1, new java.math.BigDecimal(String.format("%.3f", x2)), (long) id, vector,
                    new double[] {x3, x1}, Integer.parseInt(f[4])));
        }
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("dec", DataTypes.createDecimalType(10, 3))
                .add("id", DataTypes.LongType).add("vec", new VectorUDT()).add("arr", DataTypes.createArrayType(DataTypes.DoubleType))
                .add("label", DataTypes.IntegerType);
        Dataset<Row> frame = spark.createDataFrame(rows, schema).coalesce(1);
        String orc = dir.resolve("same.orc").toString();
        String parquet = dir.resolve("same-as-orc.parquet").toString();
        frame.write().orc(orc);
        frame.write().parquet(parquet);
        for (List<String> columns : List.of(List.of("x1", "dec", "id"), List.<String>of())) {
            String vector = columns.isEmpty() ? "vec" : "";
            DataFrameDataModule fromOrc = new DataFrameDataModule("", orc, "orc", columns, vector, "label", 3, 0, 0, 16,
                    "standardize", true, "fail", 42, dir.resolve("staging-orc").toString(), "");
            DataFrameDataModule fromParquet = new DataFrameDataModule("", parquet, "parquet", columns, vector, "label", 3, 0, 0, 16,
                    "standardize", true, "fail", 42, dir.resolve("staging-orc").toString(), "");
            Trainer orcTrainer = CsvFixtures.quietTrainer().maxEpochs(2).build();
            orcTrainer.fit(new MlpClassifier(List.of(8), 0.01), fromOrc);
            Trainer parquetTrainer = CsvFixtures.quietTrainer().maxEpochs(2).build();
            parquetTrainer.fit(new MlpClassifier(List.of(8), 0.01), fromParquet);
            assertTrue(fromOrc.stagedDirectory().isEmpty(), "ORC read in place");
            assertTrue(fromOrc.shards(Split.TRAIN).get(0).describe().contains("stripes"), fromOrc.shards(Split.TRAIN).toString());
            assertEquals(fromParquet.stateDict(), fromOrc.stateDict(), "the same statistics: " + columns);
            assertArrayEquals(parquetTrainer.network().params().data().asFloat(), orcTrainer.network().params().data().asFloat(),
                    "the same examples in the same order: " + columns);
        }
        // a filtered ORC frame is staged; its vectors (structs in ORC, sparse ones among them) stage to the same values
        DataFrameDataModule filtered = DataFrameDataModule.ofVectors(spark.read().orc(orc).filter("id >= 0"), "vec", "label", 3, 0, 16,
                "standardize", dir.resolve("staging-orc-filtered").toString());
        Map<String, Object> staged = prepared(filtered, 1);
        assertTrue(filtered.stagedDirectory().isPresent());
        DataFrameDataModule inPlace = new DataFrameDataModule("", orc, "orc", List.of(), "vec", "label", 3, 0, 0, 16,
                "standardize", true, "fail", 42, "", "");
        Map<String, Object> direct = prepared(inPlace, 1);
        assertArrayEquals(doubles(direct.get("mean")), doubles(staged.get("mean")), 1e-9);
        assertArrayEquals(doubles(direct.get("std")), doubles(staged.get("std")), 1e-9);
    }

    private static Map<String, Object> prepared(DataFrameDataModule data) {
        return prepared(data, 2);
    }

    private static Map<String, Object> prepared(DataFrameDataModule data, int workers) {
        data.attach(CsvFixtures.contextWithParallelism(workers));
        data.prepareData();
        return data.stateDict();
    }

    private static double[] doubles(Object list) {
        return ((List<?>) list).stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    @Test
    void aNullInParquetFailsWithTheFileRowAndColumn() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(RowFactory.create((double) i, i == 17 ? null : (double) -i, i % 3));
        }
        StructType schema = new StructType().add("x1", DataTypes.DoubleType).add("x2", DataTypes.DoubleType, true)
                .add("label", DataTypes.IntegerType);
        String parquet = dir.resolve("with-null.parquet").toString();
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(parquet);
        SparkboltException bad = assertThrows(SparkboltException.class, () -> prepared(
                new DataFrameDataModule("", parquet, "parquet", List.of(), "", "label", 3, 0, 0, 8, "none", true, "fail", 42, "", ""), 1));
        assertTrue(bad.getMessage().matches("DataFrameDataModule: bad row at .*part-00000.*\\.parquet row 17: column 'x2' is null \\(onBadRow: skip.*"),
                bad.getMessage());
        // staged (one piece for two workers): the message still names the frame's column
        SparkboltException staged = assertThrows(SparkboltException.class, () -> prepared(
                new DataFrameDataModule("", parquet, "parquet", List.of(), "", "label", 3, 0, 0, 8, "none", true, "fail", 42,
                        dir.resolve("staging-null").toString(), ""), 2));
        assertTrue(staged.getMessage().matches("DataFrameDataModule: bad row at .*staging-null/frame-.*\\.parquet row \\d+: column 'x2' is null .*"),
                staged.getMessage());
        DataFrameDataModule skipping = new DataFrameDataModule("", parquet, "parquet", List.of(), "", "label", 3, 0, 0, 8, "none", true,
                "skip", 42, "", "");
        prepared(skipping, 1);
        assertEquals(49L, skipping.rowCounts().get(Split.TRAIN));
    }

    @Test
    void aPartitionLabelOrTooFewPiecesForTheWorkersAreStagedOnce() {
        String partitioned = dir.resolve("partitioned.parquet").toString();
        blobs(300).drop("name", "features").write().partitionBy("label").parquet(partitioned);
        DataFrameDataModule byLabel = new DataFrameDataModule("", partitioned, "parquet", List.of("x1", "x2", "x3"), "", "label",
                3, 0, 0, 32, "standardize", true, "fail", 42, dir.resolve("staging-partitioned").toString(), "");
        prepared(byLabel);
        assertTrue(byLabel.stagedDirectory().isPresent(), "the label lives in directory names, not in the files");
        assertEquals(300L, byLabel.rowCounts().get(Split.TRAIN));

        String single = dir.resolve("single.parquet").toString();
        blobs(300).drop("name", "features").coalesce(1).write().parquet(single);
        DataFrameDataModule onePiece = new DataFrameDataModule("", single, "parquet", List.of(), "", "label",
                3, 0, 0, 32, "standardize", true, "fail", 42, dir.resolve("staging-single").toString(), "");
        prepared(onePiece);
        assertTrue(onePiece.stagedDirectory().isPresent(), "one row group for two workers is re-cut");
        assertEquals(2, onePiece.shards(Split.TRAIN).size(), "one piece per worker: " + onePiece.shards(Split.TRAIN));
        assertEquals(300L, onePiece.rowCounts().get(Split.TRAIN));
    }

    @Test
    void badColumnsFailWithOneLineBeforeAnyTraining() {
        blobs(50).createOrReplaceTempView("small");
        SparkboltException missing = assertThrows(SparkboltException.class,
                () -> yaml("small", "", "parquet", List.of(), "", "target").prepareData());
        assertTrue(missing.getMessage().startsWith("DataFrameDataModule: labelColumn 'target' is not a column of the frame (columns: id, x1"),
                missing.getMessage());
        SparkboltException text = assertThrows(SparkboltException.class,
                () -> yaml("small", "", "parquet", List.of(), "", "label").prepareData());
        assertTrue(text.getMessage().contains("column 'name'") && text.getMessage().contains("string, not numeric"), text.getMessage());
        SparkboltException table = assertThrows(SparkboltException.class,
                () -> yaml("no_such_table", "", "parquet", List.of(), "", "label").prepareData());
        assertTrue(table.getMessage().startsWith("DataFrameDataModule: cannot read table no_such_table"), table.getMessage());
        assertThrows(SparkboltException.class, () -> yaml("small", "x.parquet", "parquet", List.of(), "", "label"));
    }
}

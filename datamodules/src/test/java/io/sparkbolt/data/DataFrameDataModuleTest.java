package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

/** Training from Spark SQL frames: built in Java, a table, a Parquet path; never collected. */
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
                "standardize", true, "fail", 42, dir.resolve("staging").toString());
    }

    @Test
    void trainsFromAFrameBuiltInJavaWithParameterAveraging() {
        DataFrameDataModule data = DataFrameDataModule.of(blobs(900), List.of("x1", "x2", "x3"), "label", 3, 0.2, 32);
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
    void readsAParquetPathAndTrainsLocally() {
        String parquet = dir.resolve("blobs.parquet").toString();
        blobs(600).drop("name", "features").write().parquet(parquet);
        DataFrameDataModule data = yaml("", parquet, "parquet", List.of(), "", "label");
        Trainer trainer = CsvFixtures.quietTrainer().maxEpochs(3).build();
        trainer.fit(new MlpClassifier(List.of(16), 0.01), data);
        assertEquals(new DataShape(4, 3), data.shape().orElseThrow(), "every column but the label: id, x1, x2, x3");
        assertTrue(trainer.callbackMetrics().get("val_acc") > 0.9, "val " + trainer.callbackMetrics());
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

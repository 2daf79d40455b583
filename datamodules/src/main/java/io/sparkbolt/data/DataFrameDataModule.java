package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Trains from a Spark SQL {@code Dataset<Row>}: a table, a Parquet or CSV path read with Spark SQL,
 * or a DataFrame handed over from Java (Databricks notebooks, Spark SQL pipelines). Features are
 * numeric columns, or one ML vector or array column; the label is one column.
 *
 * <p>{@link #prepareData()} never collects the frame: it writes the selected columns, as a Spark
 * job, to a staging directory of CSV part files (one per partition, on the cluster's default file
 * system unless {@code stagingDir} says otherwise) and from there on behaves exactly as a
 * {@link CsvDataModule} over those files: the same shards, data pass, normaliser and checks. The
 * staging directory is removed when the driver's JVM exits.
 *
 * <pre>{@code data: {class: DataFrameDataModule, args: {table: sales.features, labelColumn: churned, numClasses: 2, valFraction: 0.1}}}</pre>
 */
public final class DataFrameDataModule extends DataModule {
    private static final long serialVersionUID = 1L;

    private final FrameSource source;
    private final CsvOptions csv;
    private transient Dataset<Row> frame;
    private CsvDataModule staged;
    private Map<String, Object> pendingState;

    /**
     * @param table          a table or view name (give this or {@code path})
     * @param path           a Parquet, CSV, JSON or ORC path read with Spark SQL
     * @param format         the format of {@code path}
     * @param featureColumns feature columns; empty: every column but the label (or {@code vectorColumn})
     * @param vectorColumn   one ML vector or numeric array column holding the features
     * @param labelColumn    the label (class index) or regression target column
     * @param numClasses     classes of the label; 0 for regression
     * @param valFraction    share of rows held out for validation (seeded)
     * @param testFraction   share of rows held out for test (seeded)
     * @param batchSize      examples per batch
     * @param normalize      {@code standardize}, {@code minmax} or {@code none}
     * @param shuffle        reshuffle training rows within each shard every epoch
     * @param onBadRow       {@code fail} or {@code skip} rows with a missing or non-finite value
     * @param seed           seed of the row split
     * @param stagingDir     where the selected columns are written; empty: {@code .sparkbolt/staging} in the default file system's home
     */
    public DataFrameDataModule(
            @Arg(value = "table", defaultValue = "''", description = "table or view name (or give path)") String table,
            @Arg(value = "path", defaultValue = "''", description = "Parquet/CSV/JSON/ORC path read with Spark SQL (or give table)") String path,
            @Arg(value = "format", defaultValue = "parquet", description = "format of path: parquet, csv (with a header), json, orc") String format,
            @Arg(value = "featureColumns", defaultValue = "[]", description = "feature columns; empty: all but the label") List<String> featureColumns,
            @Arg(value = "vectorColumn", defaultValue = "''", description = "one ML vector or array column holding the features") String vectorColumn,
            @Arg(value = "labelColumn", description = "label (class index) or regression target column") String labelColumn,
            @Arg(value = "numClasses", defaultValue = "0", description = "classes of the label; 0 means regression") int numClasses,
            @Arg(value = "valFraction", defaultValue = "0.0", description = "share of rows held out for validation (seeded)") double valFraction,
            @Arg(value = "testFraction", defaultValue = "0.0", description = "share of rows held out for test (seeded)") double testFraction,
            @Arg(value = "batchSize", defaultValue = "64", description = "examples per batch") int batchSize,
            @Arg(value = "normalize", defaultValue = "standardize", description = "standardize, minmax or none") String normalize,
            @Arg(value = "shuffle", defaultValue = "true", description = "reshuffle training rows within each shard every epoch") boolean shuffle,
            @Arg(value = "onBadRow", defaultValue = "fail", description = "fail, or skip rows with missing or non-finite values") String onBadRow,
            @Arg(value = "seed", defaultValue = "42", description = "seed of the row split") long seed,
            @Arg(value = "stagingDir", defaultValue = "''", description = "where the selected columns are staged as CSV") String stagingDir) {
        this(FrameSource.of(table, path, format, featureColumns, vectorColumn, labelColumn, stagingDir),
                new CsvOptions(numClasses, valFraction, testFraction, batchSize, normalize, shuffle, onBadRow, seed));
        saveHyperparameters(table, path, format, featureColumns, vectorColumn, labelColumn, numClasses, valFraction,
                testFraction, batchSize, normalize, shuffle, onBadRow, seed, stagingDir);
    }

    private DataFrameDataModule(FrameSource source, CsvOptions csv) {
        this.source = source;
        this.csv = csv;
        csv.check(); // fail on bad options now, not after staging
    }

    /**
     * A data module over a DataFrame built in Java; the frame stays on the driver and is written to
     * staging in {@link #prepareData()}.
     */
    public static DataFrameDataModule of(Dataset<Row> frame, List<String> featureColumns, String labelColumn, int numClasses,
                                         double valFraction, int batchSize) {
        DataFrameDataModule module = new DataFrameDataModule(
                FrameSource.of("", "", "parquet", featureColumns, "", labelColumn, ""),
                new CsvOptions(numClasses, valFraction, 0, batchSize, "standardize", true, "fail", 42));
        module.frame = frame;
        return module;
    }

    /** Options of the CSV module the staged frame is read with. */
    record CsvOptions(int numClasses, double valFraction, double testFraction, int batchSize, String normalize,
                      boolean shuffle, String onBadRow, long seed) implements java.io.Serializable {
        CsvDataModule over(String dir) {
            return CsvDataModule.builder(dir).numClasses(numClasses).valFraction(valFraction).testFraction(testFraction)
                    .batchSize(batchSize).normalize(normalize).shuffle(shuffle).onBadRow(onBadRow).seed(seed).build();
        }

        void check() {
            over("unused"); // the CSV module's constructor checks every option
        }
    }

    @Override
    public void prepareData() {
        Dataset<Row> input = frame != null ? frame : source.read();
        String dir = FrameStaging.write(source.select(input), source.stagingDir());
        CsvDataModule csvModule = csv.over(dir);
        csvModule.attach(context());
        csvModule.loadStateDict(pendingState);
        csvModule.prepareData();
        staged = csvModule;
    }

    private CsvDataModule staged() {
        if (staged == null) {
            throw new IllegalStateException("DataFrameDataModule: prepareData() must run (on the driver) before the data is read");
        }
        return staged;
    }

    @Override
    public void setup(Stage stage) {
        staged().setup(stage);
    }

    @Override
    public void teardown(Stage stage) {
        staged().teardown(stage);
    }

    @Override
    public int batchSize() {
        return csv.batchSize();
    }

    @Override
    public Optional<DataShape> shape() {
        return staged == null ? Optional.empty() : staged.shape();
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        return staged().shards(split);
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        return staged().open(shard, read);
    }

    @Override
    public Map<String, Object> stateDict() {
        return staged == null ? Map.of() : staged.stateDict();
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        this.pendingState = state;
    }

    /** Rows per split found when the staged data was read. */
    public Map<Split, Long> rowCounts() {
        return staged == null ? Map.of() : staged.rowCounts();
    }

    static SparkboltException error(String message) {
        return new SparkboltException("DataFrameDataModule: " + message);
    }
}

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
import io.sparkbolt.trainer.storage.Storage;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains from a Spark SQL {@code Dataset<Row>}: a table, a Parquet or CSV path read with Spark SQL,
 * or a DataFrame handed over from Java (Databricks notebooks, Spark SQL pipelines). Features are
 * numeric columns, or one ML vector or array column; the label is one column.
 *
 * <p>{@link #prepareData()} never collects the frame. A plain scan of Parquet or ORC files (such a
 * path, a table stored so, a Delta table read through Spark, or such a frame with only columns
 * selected) is read in place: shards are its files' row groups (stripes), and executors read them
 * with parquet-hadoop (orc-core), projecting the columns used. Any other frame (filters, joins,
 * computed columns, a frame built in Java, CSV, JSON) is staged once as Parquet by a Spark job, into
 * {@code stagingDir} under a fingerprint of its plan and data, and read in place from there; a
 * later fit over the same frame reuses the copy. When the data has fewer pieces than workers, it is
 * staged in one part per worker, so none idles. Then one data pass (a Spark job under a Spark
 * strategy) checks the rows, counts the splits and fits the normaliser, as for CSV.
 *
 * <pre>{@code data: {class: DataFrameDataModule, args: {table: sales.features, labelColumn: churned, numClasses: 2, valFraction: 0.1}}}</pre>
 */
public final class DataFrameDataModule extends DataModule {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(DataFrameDataModule.class);
    private static final String NAME = "DataFrameDataModule";
    /** The largest piece of a Parquet file one shard reads (compressed bytes). */
    private static final long MAX_SHARD_BYTES = 64L << 20;

    private final FrameSource source;
    private final FrameOptions options;
    private transient Dataset<Row> frame;
    private FileTable data;
    private String stagedDir;
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
     * @param stagingDir     where a frame that is not a plain Parquet scan is staged; empty: {@code .sparkbolt/staging} in the default file system's home
     * @param idColumn       a column of row ids (any type, kept as text; not a feature): written predictions are keyed by it; empty: none
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
            @Arg(value = "stagingDir", defaultValue = "''", description = "where a frame that is not a plain Parquet scan is staged as Parquet") String stagingDir,
            @Arg(value = "idColumn", defaultValue = "''", description = "column of row ids, not a feature (predictions are keyed by it)") String idColumn) {
        this(FrameSource.of(table, path, format, featureColumns, vectorColumn, labelColumn, stagingDir, idColumn),
                new FrameOptions(numClasses, valFraction, testFraction, batchSize, normalize, shuffle, onBadRow, seed));
        saveHyperparameters(table, path, format, featureColumns, vectorColumn, labelColumn, numClasses, valFraction,
                testFraction, batchSize, normalize, shuffle, onBadRow, seed, stagingDir, idColumn);
    }

    private DataFrameDataModule(FrameSource source, FrameOptions options) {
        this.source = source;
        this.options = options;
    }

    /**
     * A data module over a DataFrame built in Java (only its plan stays on the driver); read in place
     * or staged in {@link #prepareData()} as any frame.
     */
    public static DataFrameDataModule of(Dataset<Row> frame, List<String> featureColumns, String labelColumn, int numClasses,
                                         double valFraction, int batchSize) {
        DataFrameDataModule module = new DataFrameDataModule(
                FrameSource.of("", "", "parquet", featureColumns, "", labelColumn, "", ""),
                new FrameOptions(numClasses, valFraction, 0, batchSize, "standardize", true, "fail", 42));
        module.frame = frame;
        return module;
    }

    /**
     * A data module over a frame built in Java whose features are one ML vector (or numeric array)
     * column: what Spark ML pipelines hand over ({@code VectorAssembler}'s output).
     *
     * @param stagingDir where the frame is staged when it is not a plain Parquet scan; empty: the default
     */
    public static DataFrameDataModule ofVectors(Dataset<Row> frame, String vectorColumn, String labelColumn, int numClasses,
                                                double valFraction, int batchSize, String normalize, String stagingDir) {
        DataFrameDataModule module = new DataFrameDataModule(
                FrameSource.of("", "", "parquet", List.of(), vectorColumn, labelColumn, stagingDir, ""),
                new FrameOptions(numClasses, valFraction, 0, batchSize, normalize, true, "fail", 42));
        module.frame = frame;
        return module;
    }

    /**
     * The feature normaliser that a fit's data module state ({@link #stateDict()}, also saved in
     * checkpoints) describes, as ND4J applies it to a batch; {@code null} for {@code normalize: none}.
     */
    public static DataNormalization normalizer(Map<String, Object> state) {
        Object features = state.get("features");
        if (!(features instanceof Number width)) {
            throw error("the saved data module state has no 'features' width: " + state.keySet());
        }
        return FeatureScaling.fromState(state, width.intValue(), NAME + ": saved state").toNormalizer();
    }

    /** This module staging under {@code dir} (when its frame is not read in place) instead of the default. */
    public DataFrameDataModule withStagingDir(String dir) {
        return with(source.withStagingDir(dir));
    }

    /** This module keying its rows by the frame's column {@code column} (not a feature): written predictions carry it. */
    public DataFrameDataModule withIdColumn(String column) {
        return with(source.withIdColumn(column));
    }

    private DataFrameDataModule with(FrameSource changed) {
        DataFrameDataModule module = new DataFrameDataModule(changed, options);
        module.frame = frame;
        return module;
    }

    /** The options of how rows become examples, checked when the module is built. */
    record FrameOptions(int numClasses, double valFraction, double testFraction, int batchSize, FeatureScaling.Kind normalize,
                        boolean shuffle, BadRowPolicy onBadRow, long seed) implements java.io.Serializable {
        FrameOptions(int numClasses, double valFraction, double testFraction, int batchSize, String normalize, boolean shuffle,
                     String onBadRow, long seed) {
            this(numClasses, valFraction, testFraction, batchSize, FeatureScaling.Kind.parse(NAME, normalize), shuffle,
                    BadRowPolicy.parse(NAME, onBadRow), seed);
        }

        FrameOptions {
            check(numClasses >= 0 && numClasses != 1, "numClasses must be 0 (regression) or at least 2, got " + numClasses);
            check(valFraction >= 0 && valFraction < 1, "valFraction must be in [0, 1), got " + valFraction);
            check(testFraction >= 0 && testFraction < 1, "testFraction must be in [0, 1), got " + testFraction);
            check(valFraction + testFraction < 1, "valFraction + testFraction must be < 1, got " + (valFraction + testFraction));
            check(batchSize > 0, "batchSize must be > 0, got " + batchSize);
        }

        private static void check(boolean condition, String message) {
            if (!condition) {
                throw error(message);
            }
        }
    }

    @Override
    public void prepareData() {
        Dataset<Row> input = frame != null ? frame : source.read();
        FrameColumns columns = source.columns(input, options.numClasses());
        int workers = Math.max(1, context().parallelism());
        Optional<PlainScan.Files> scan = PlainScan.of(input, columns.names());
        TableFormat format = scan.map(PlainScan.Files::format).orElse(TableFormat.PARQUET);
        List<? extends PlannedShard> planned = scan.isPresent() ? inPlace(scan.get(), columns, workers) : null;
        if (planned == null) {
            if (scan.isEmpty()) {
                LOG.info("{}: the frame is not a plain scan of Parquet or ORC files; staging it once as Parquet", NAME);
            }
            stagedDir = FrameStaging.stage(FrameSource.stagedColumns(input, columns), source.stagingDir(), workers);
            columns = FrameSource.stagedLayout(columns);
            format = TableFormat.PARQUET;
            planned = format.plan(NAME, stagedFiles(stagedDir), columns, workers, MAX_SHARD_BYTES);
            if (planned.size() < workers) {
                throw error("the frame fills " + planned.size() + " piece(s) (it has fewer rows than workers?) but " + workers
                        + " workers read it: train with fewer workers (numWorkers) or more rows");
            }
        }
        FrameReading reading = new FrameReading(format, NAME, columns, options.onBadRow(),
                new RowSplitter(options.seed(), options.valFraction(), options.testFraction()));
        data = FileTable.scan(NAME, context(), planned, reading, options.normalize(), options.valFraction(), options.testFraction(),
                pendingState);
    }

    /**
     * The shards of a plain scan read in place, or {@code null} when it must be staged: a file lacks
     * a column, or it has fewer pieces (row groups, stripes) than workers.
     */
    private static List<? extends PlannedShard> inPlace(PlainScan.Files scan, FrameColumns columns, int workers) {
        String kind = scan.format().name().toLowerCase(java.util.Locale.ROOT);
        try {
            List<? extends PlannedShard> planned = scan.format().plan(NAME, scan.paths(), columns, workers, MAX_SHARD_BYTES);
            if (planned.size() >= workers) {
                LOG.info("{}: reading {} {} file(s) in place, {} piece(s)", NAME, scan.paths().size(), kind, planned.size());
                return planned;
            }
            LOG.info("{}: the {} files have {} piece(s) for {} workers; staging them once in {} parts so every worker trains",
                    NAME, kind, planned.size(), workers, workers);
        } catch (MissingColumnException e) {
            LOG.info("{}: {}; staging the frame once as Parquet", NAME, e.getMessage());
        }
        return null;
    }

    /** The part files of a staged copy, in name order (not {@code _SUCCESS} or checksums). */
    private static List<String> stagedFiles(String dir) {
        Path root = Storage.path(dir);
        return Storage.list(root).stream().filter(name -> !name.startsWith("_") && !name.startsWith(".")).sorted()
                .map(name -> new Path(root, name).toString()).toList();
    }

    private FileTable data() {
        if (data == null) {
            throw new IllegalStateException(NAME + ": prepareData() must run (on the driver) before the data is read");
        }
        return data;
    }

    @Override
    public void setup(Stage stage) {
        data().setup();
    }

    @Override
    public void teardown(Stage stage) {
        data().teardown();
    }

    @Override
    public int batchSize() {
        return options.batchSize();
    }

    @Override
    public Optional<DataShape> shape() {
        if (data == null) {
            return Optional.empty();
        }
        FrameColumns columns = data.columns();
        return Optional.of(new DataShape(columns.numFeatures(), columns.labelWidth(), columns.regression()));
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        return data().shards(split);
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        return data().open(shard, read, options.batchSize(), options.shuffle());
    }

    /** Where the frame was staged as Parquet; empty when it was read in place. */
    public Optional<String> stagedDirectory() {
        return Optional.ofNullable(stagedDir);
    }

    @Override
    public Map<String, Object> stateDict() {
        return data == null ? Map.of() : data.state();
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        this.pendingState = state;
    }

    /** Rows per split found by the data pass (after skipping bad rows). */
    public Map<Split, Long> rowCounts() {
        return data == null ? Map.of() : data.rowCounts();
    }

    static SparkboltException error(String message) {
        return new SparkboltException(NAME + ": " + message);
    }
}

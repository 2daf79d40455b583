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
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/**
 * Numeric CSV data from any Hadoop file system: a file, a directory of part files or a glob, as a
 * plain path or a URI ({@code file:}, {@code hdfs:}, {@code s3a:} ...); {@code .gz}, {@code .bz2}
 * and the other Hadoop codecs are read transparently. One column is the class label (or
 * {@code numTargets} columns are regression targets); every other column is a feature.
 *
 * <p>{@link #prepareData()} lists the files, cuts them into shards (byte ranges of plain files,
 * whole compressed files) and reads them once where the strategy reads data (one Spark job under
 * a Spark strategy): it checks every row, counts the rows of each split and fits the normaliser on
 * the training rows, so nothing but the statistics reaches the driver. Bad rows fail the run with
 * the file and line, or with {@code onBadRow: skip} are counted, left out and reported.
 *
 * <pre>{@code data: {class: CsvDataModule, args: {path: "hdfs:///data/iris/*.csv", numClasses: 3, skipLines: 1, valFraction: 0.2}}}</pre>
 */
public final class CsvDataModule extends DataModule {
    private static final long serialVersionUID = 1L;
    private static final String NAME = "CsvDataModule";

    private final String path;
    private final String valPath;
    private final String testPath;
    private final int labelColumn;
    private final int numClasses;
    private final int numTargets;
    private final int skipLines;
    private final char delimiter;
    private final double valFraction;
    private final double testFraction;
    private final int batchSize;
    private final FeatureScaling.Kind normalize;
    private final boolean shuffle;
    private final BadRowPolicy onBadRow;
    private final long seed;
    private final long shardBytes;
    private final String statePath;
    private final String stagingDir;
    private final int idColumn;

    private CsvReading reading;
    private FeatureScaling scaling;
    private Map<String, Object> loadedState;
    private Map<Split, List<PlannedShard>> shards;
    private Map<Split, Long> rowCounts;
    private long skippedRows;
    private transient DataNormalization normalizer;

    /**
     * @param path         file, directory or glob of the training data (or of all data, with fractions)
     * @param valPath      separate validation data; empty: {@code valFraction} of {@code path}
     * @param testPath     separate test data; empty: {@code testFraction} of {@code path}
     * @param labelColumn  index of the label (or first target) column; negative counts from the end
     * @param numClasses   classes of the label; 0 for regression
     * @param numTargets   regression target columns from {@code labelColumn}
     * @param skipLines    header lines at the start of every file
     * @param delimiter    field separator ({@code ,}, {@code ;}, {@code tab} ...)
     * @param valFraction  share of {@code path}'s rows held out for validation (seeded)
     * @param testFraction share of {@code path}'s rows held out for test (seeded)
     * @param batchSize    examples per batch
     * @param normalize    {@code standardize}, {@code minmax} or {@code none}, fitted on the training rows
     * @param shuffle      reshuffle training rows within each shard every epoch
     * @param onBadRow     {@code fail} or {@code skip}
     * @param seed         seed of the row split
     * @param shardSizeMB  largest byte range of a plain file one shard reads
     * @param statePath    statistics to apply instead of fitting them: a {@code datamodule_state.json} or a checkpoint
     * @param stagingDir   where compressed files are cut into plain parts when they give fewer pieces than workers;
     *                     empty: {@code .sparkbolt/staging} in the default file system's home
     * @param idColumn     index of a column holding each row's id (not a feature; predictions are keyed by it); -1: none
     */
    public CsvDataModule(
            @Arg(value = "path", description = "file, directory or glob of CSV data, plain path or Hadoop URI") String path,
            @Arg(value = "valPath", defaultValue = "''", description = "separate validation data (default: valFraction of path)") String valPath,
            @Arg(value = "testPath", defaultValue = "''", description = "separate test data (default: testFraction of path)") String testPath,
            @Arg(value = "labelColumn", defaultValue = "-1", description = "label (or first target) column; negative counts from the end") int labelColumn,
            @Arg(value = "numClasses", defaultValue = "0", description = "classes of the label; 0 means regression targets") int numClasses,
            @Arg(value = "numTargets", defaultValue = "1", description = "regression target columns starting at labelColumn") int numTargets,
            @Arg(value = "skipLines", defaultValue = "0", description = "header lines at the start of every file") int skipLines,
            @Arg(value = "delimiter", defaultValue = "','", description = "field separator: one character, or tab") String delimiter,
            @Arg(value = "valFraction", defaultValue = "0.0", description = "share of path's rows held out for validation (seeded)") double valFraction,
            @Arg(value = "testFraction", defaultValue = "0.0", description = "share of path's rows held out for test (seeded)") double testFraction,
            @Arg(value = "batchSize", defaultValue = "64", description = "examples per batch") int batchSize,
            @Arg(value = "normalize", defaultValue = "standardize", description = "standardize, minmax or none (fitted on training rows)") String normalize,
            @Arg(value = "shuffle", defaultValue = "true", description = "reshuffle training rows within each shard every epoch") boolean shuffle,
            @Arg(value = "onBadRow", defaultValue = "fail", description = "fail, or skip and count rows that cannot be used") String onBadRow,
            @Arg(value = "seed", defaultValue = "42", description = "seed of the row split") long seed,
            @Arg(value = "shardSizeMB", defaultValue = "64", description = "largest byte range of a plain file one shard reads") int shardSizeMB,
            @Arg(value = "statePath", defaultValue = "''", description = "saved statistics to apply: a datamodule_state.json or a checkpoint") String statePath,
            @Arg(value = "stagingDir", defaultValue = "''", description = "where compressed files are cut into plain parts when fewer than the workers") String stagingDir,
            @Arg(value = "idColumn", defaultValue = "-1", description = "column of each row's id, not a feature (predictions are keyed by it); -1: none") int idColumn) {
        if (path == null || path.isBlank()) {
            throw new SparkboltException(NAME + ": path must be a file, directory or glob");
        }
        check(numClasses >= 0 && numClasses != 1, "numClasses must be 0 (regression) or at least 2, got " + numClasses);
        check(numTargets >= 1, "numTargets must be >= 1, got " + numTargets);
        check(numClasses == 0 || numTargets == 1, "numTargets=" + numTargets + " needs regression (numClasses: 0); a class label is one column");
        check(skipLines >= 0, "skipLines must be >= 0, got " + skipLines);
        check(valFraction >= 0 && valFraction < 1, "valFraction must be in [0, 1), got " + valFraction);
        check(testFraction >= 0 && testFraction < 1, "testFraction must be in [0, 1), got " + testFraction);
        check(valFraction + testFraction < 1, "valFraction + testFraction must be < 1, got " + (valFraction + testFraction));
        check(isBlank(valPath) || valFraction == 0, "give valPath or valFraction, not both");
        check(isBlank(testPath) || testFraction == 0, "give testPath or testFraction, not both");
        check(batchSize > 0, "batchSize must be > 0, got " + batchSize);
        check(shardSizeMB > 0, "shardSizeMB must be > 0, got " + shardSizeMB);
        check(idColumn >= -1, "idColumn must be a column index, or -1 for none, got " + idColumn);
        this.path = path;
        this.valPath = isBlank(valPath) ? null : valPath;
        this.testPath = isBlank(testPath) ? null : testPath;
        this.labelColumn = labelColumn;
        this.numClasses = numClasses;
        this.numTargets = numTargets;
        this.skipLines = skipLines;
        this.delimiter = parseDelimiter(delimiter);
        this.valFraction = valFraction;
        this.testFraction = testFraction;
        this.batchSize = batchSize;
        this.normalize = FeatureScaling.Kind.parse(NAME, normalize);
        this.shuffle = shuffle;
        this.onBadRow = BadRowPolicy.parse(NAME, onBadRow);
        this.seed = seed;
        this.shardBytes = shardSizeMB * 1024L * 1024L;
        this.statePath = isBlank(statePath) ? null : statePath;
        this.stagingDir = isBlank(stagingDir) ? "" : stagingDir;
        this.idColumn = idColumn;
        saveHyperparameters(path, valPath, testPath, labelColumn, numClasses, numTargets, skipLines, delimiter, valFraction,
                testFraction, batchSize, normalize, shuffle, onBadRow, seed, shardSizeMB, statePath, stagingDir, idColumn);
    }

    /** Starts a builder: {@code CsvDataModule.builder("data/iris.csv").numClasses(3).valFraction(0.2).build()}. */
    public static CsvDataModuleBuilder builder(String path) {
        return new CsvDataModuleBuilder(path);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new SparkboltException(NAME + ": " + message);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static char parseDelimiter(String value) {
        if ("tab".equalsIgnoreCase(value) || "\\t".equals(value) || "\t".equals(value)) {
            return '\t';
        }
        check(value != null && value.length() == 1, "delimiter must be one character or tab, got '" + value + "'");
        return value.charAt(0);
    }

    @Override
    public void prepareData() {
        CsvFiles trainFiles = CsvFiles.list(NAME, "path", path);
        CsvLayout layout = layout(ColumnProbe.count(trainFiles.paths(), skipLines, delimiter, NAME));
        reading = new CsvReading(NAME, layout, skipLines, onBadRow, new RowSplitter(seed, valFraction, testFraction));
        Map<Split, CsvFiles> sources = new EnumMap<>(Split.class);
        sources.put(Split.TRAIN, trainFiles);
        if (valPath != null) {
            sources.put(Split.VAL, CsvFiles.list(NAME, "valPath", valPath));
        }
        if (testPath != null) {
            sources.put(Split.TEST, CsvFiles.list(NAME, "testPath", testPath));
        }
        long total = sources.values().stream().mapToLong(CsvFiles::totalBytes).sum();
        int workers = Math.max(1, context().parallelism());
        // at least one shard per worker, but no byte range under 16 KB: below that a task costs more than its rows
        List<CsvShard> planned = plan(sources, Math.min(shardBytes, Math.max(16 * 1024, total / workers + 1)));
        if (planned.size() < workers) { // small data: finer ranges rather than idle workers
            planned = plan(sources, Math.max(1, total / workers + 1));
        }
        if (planned.size() < workers && CsvResharding.cuts(planned)) {
            planned = CsvResharding.reshard(NAME, context(), planned, workers, skipLines, stagingDir,
                    (dir, source) -> CsvFiles.list(NAME, "path", dir).plan(source, shardBytes));
        }
        scan(planned);
    }

    private static List<CsvShard> plan(Map<Split, CsvFiles> sources, long targetBytes) {
        List<CsvShard> planned = new ArrayList<>();
        sources.forEach((split, files) -> planned.addAll(files.plan(split, targetBytes)));
        return planned;
    }

    /** The one pass over every row: counts per split and shard, statistics, bad rows. */
    private void scan(List<CsvShard> planned) {
        CsvReading pass = reading; // the closure carries the reading settings only, not the module
        int features = reading.layout().numFeatures();
        DataPass done = DataPass.run(NAME, context(), planned, features,
                (shard, index) -> ShardSummary.scan(new CsvRows((CsvShard) shard, pass), features));
        done.requireRows(NAME, path, valFraction, testFraction);
        String skipped = done.skippedRows() > 0 ? " after skipping " + done.skippedRows() + " bad rows" : "";
        if (valPath != null && done.rows(Split.VAL) == 0) {
            throw new SparkboltException(NAME + ": valPath " + valPath + " has no data rows" + skipped);
        }
        if (testPath != null && done.rows(Split.TEST) == 0) {
            throw new SparkboltException(NAME + ": testPath " + testPath + " has no data rows" + skipped);
        }
        shards = done.shards();
        rowCounts = done.rowCounts();
        skippedRows = done.skippedRows();
        scaling = loadedScaling().orElseGet(() -> FeatureScaling.fit(normalize, done.trainStats()));
    }

    /** Which columns are targets, once the number of columns is known. */
    private CsvLayout layout(int columns) {
        int first = labelColumn < 0 ? columns + labelColumn : labelColumn;
        if (first < 0 || first + numTargets > columns) {
            throw new SparkboltException(NAME + ": labelColumn=" + labelColumn + (numTargets > 1 ? " with numTargets=" + numTargets : "")
                    + " is outside the " + columns + " columns of " + path);
        }
        int targets = numClasses > 0 ? 1 : numTargets;
        if (idColumn >= columns) {
            throw new SparkboltException(NAME + ": idColumn=" + idColumn + " is outside the " + columns + " columns of " + path);
        }
        if (idColumn >= first && idColumn < first + targets) {
            throw new SparkboltException(NAME + ": idColumn=" + idColumn + " is also the label" + (targets > 1 ? " (or a target)" : "")
                    + " column; give them different columns");
        }
        if (columns - targets - (idColumn >= 0 ? 1 : 0) < 1) {
            throw new SparkboltException(NAME + ": " + path + " has " + columns + " columns, all of them targets"
                    + (idColumn >= 0 ? " or the id" : "") + ": no features left");
        }
        return new CsvLayout(delimiter, columns, first, numClasses, targets, idColumn);
    }

    /** Statistics given by {@link #loadStateDict} or {@code statePath}, if any. */
    private Optional<FeatureScaling> loadedScaling() {
        Map<String, Object> state = loadedState;
        String source = "loaded data module state";
        if (state == null && statePath != null) {
            state = SavedState.read(statePath);
            source = statePath;
        }
        if (state == null) {
            return Optional.empty();
        }
        return Optional.of(FeatureScaling.fromState(state, reading.layout().numFeatures(), NAME + ": " + source));
    }

    @Override
    public void setup(Stage stage) {
        normalizer = requirePrepared().toNormalizer();
    }

    @Override
    public void teardown(Stage stage) {
        normalizer = null;
    }

    private FeatureScaling requirePrepared() {
        if (scaling == null) {
            throw new IllegalStateException(NAME + ": prepareData() must run (on the driver) before the data is read");
        }
        return scaling;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Optional<DataShape> shape() {
        if (reading == null) {
            return Optional.empty();
        }
        CsvLayout layout = reading.layout();
        return Optional.of(new DataShape(layout.numFeatures(), layout.labelWidth(), layout.regression()));
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        requirePrepared();
        return shards.get(split == Split.PREDICT ? Split.TEST : split);
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        CsvShard range = (CsvShard) shard;
        if (normalizer == null) {
            normalizer = requirePrepared().toNormalizer();
        }
        Random order = shuffle && read.shuffle() && range.split() == Split.TRAIN ? new Random(read.shuffleSeed()) : null;
        return RowBatches.read(new CsvRows(range, reading), range.split(), range.rows(), reading.layout().numFeatures(),
                reading.layout().labelWidth(), reading.layout().hasId() ? CsvLayout.ID_NAME : null, batchSize, normalizer, order);
    }

    /** Rows per split found by the data pass (after skipping bad rows). */
    public Map<Split, Long> rowCounts() {
        return rowCounts == null ? Map.of() : Map.copyOf(rowCounts);
    }

    /** Rows left out by {@code onBadRow: skip}. */
    public long skippedRows() {
        return skippedRows;
    }

    @Override
    public Map<String, Object> stateDict() {
        if (scaling == null) {
            return Map.of();
        }
        Map<String, Object> state = new LinkedHashMap<>(scaling.toState());
        state.put("numColumns", reading.layout().numColumns());
        state.put("features", reading.layout().numFeatures());
        Map<String, Long> rows = new LinkedHashMap<>();
        rowCounts.forEach((split, count) -> rows.put(split.prefix(), count));
        state.put("rows", rows);
        state.put("skippedRows", skippedRows);
        return state;
    }

    @Override
    public void loadStateDict(Map<String, Object> state) {
        this.loadedState = state == null || state.isEmpty() ? null : new LinkedHashMap<>(state);
    }
}

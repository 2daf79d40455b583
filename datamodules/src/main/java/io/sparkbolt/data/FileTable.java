package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataContext;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import java.io.Serializable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;

/**
 * A table of Parquet or ORC files read in place, after its data pass: the shards of each split (row
 * groups or stripes of its files), the rows per split, and the fitted feature scaling. It travels to executors with its data
 * module; {@link #open} reads a shard's batches there.
 */
final class FileTable implements Serializable {
    private static final long serialVersionUID = 1L;

    private final FrameReading reading;
    private final Map<Split, List<PlannedShard>> shards;
    private final Map<Split, Long> rowCounts;
    private final long skippedRows;
    private final FeatureScaling scaling;
    private transient DataNormalization normalizer;

    private FileTable(FrameReading reading, DataPass pass, FeatureScaling scaling) {
        this.reading = reading;
        this.shards = pass.shards();
        this.rowCounts = pass.rowCounts();
        this.skippedRows = pass.skippedRows();
        this.scaling = scaling;
    }

    /**
     * Runs the data pass over {@code planned} and fits {@code normalize} on the training rows, unless
     * {@code loadedState} (a checkpoint's or saved module state) gives the statistics.
     */
    static FileTable scan(String owner, DataContext context, List<? extends PlannedShard> planned, FrameReading reading,
                            FeatureScaling.Kind normalize, double valFraction, double testFraction, Map<String, Object> loadedState) {
        int features = reading.columns().numFeatures();
        DataPass pass = DataPass.run(owner, context, planned, features,
                (shard, index) -> ShardSummary.scan(reading.format().rows((PlannedShard) shard, reading), features));
        pass.requireRows(owner, planned.size() + " pieces of " + reading.format().name().toLowerCase(java.util.Locale.ROOT) + " files",
                valFraction, testFraction);
        FeatureScaling scaling = loadedState == null || loadedState.isEmpty()
                ? FeatureScaling.fit(normalize, pass.trainStats())
                : FeatureScaling.fromState(loadedState, features, owner + ": loaded data module state");
        return new FileTable(reading, pass, scaling);
    }

    FrameColumns columns() {
        return reading.columns();
    }

    List<? extends Shard> shards(Split split) {
        return shards.get(split == Split.PREDICT ? Split.TEST : split);
    }

    Map<Split, Long> rowCounts() {
        return Map.copyOf(rowCounts);
    }

    /** Builds the normaliser where batches are read (once per JVM and stage). */
    void setup() {
        normalizer = scaling.toNormalizer();
    }

    void teardown() {
        normalizer = null;
    }

    /** The batches of {@code shard}, shuffled within the shard for training when asked. */
    Iterator<Batch> open(Shard shard, ShardRead read, int batchSize, boolean shuffle) {
        PlannedShard piece = (PlannedShard) shard;
        if (normalizer == null) {
            normalizer = scaling.toNormalizer();
        }
        Random order = shuffle && read.shuffle() && piece.split() == Split.TRAIN ? new Random(read.shuffleSeed()) : null;
        FrameColumns columns = reading.columns();
        return RowBatches.read(reading.format().rows(piece, reading), piece.split(), piece.rows(), columns.numFeatures(),
                columns.labelWidth(), columns.idName(), batchSize, normalizer, order);
    }

    /** The statistics, the width and the rows per split, as saved next to the logs and in checkpoints. */
    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>(scaling.toState());
        state.put("features", reading.columns().numFeatures());
        Map<String, Long> rows = new LinkedHashMap<>();
        rowCounts.forEach((split, count) -> rows.put(split.prefix(), count));
        state.put("rows", rows);
        state.put("skippedRows", skippedRows);
        return state;
    }
}

package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import java.io.Closeable;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The good rows of one shard, one at a time, decoded into reused feature and label arrays: what the
 * data pass and the batches read, whatever the file format ({@link CsvRows}, {@link ParquetRows}).
 * A bad row either stops the read with one line naming where it is, or is counted and passed over,
 * as the module's {@link BadRowPolicy} says.
 */
abstract class RowReader implements Closeable {
    private final String owner;
    private final BadRowPolicy onBadRow;
    private final float[] features;
    private final float[] label;
    private final Map<String, Long> skipped = new TreeMap<>();
    private String firstSkipped;
    private Split split;
    private String id;

    RowReader(String owner, BadRowPolicy onBadRow, int featureWidth, int labelWidth) {
        this.owner = owner;
        this.onBadRow = onBadRow;
        this.features = new float[featureWidth];
        this.label = new float[labelWidth];
    }

    /**
     * Moves to the next good row of split {@code wanted} ({@code null}: of any split); rows of other
     * splits are passed over without decoding them.
     */
    abstract boolean next(Split wanted);

    /** How a format decodes its current row into the feature and label arrays. */
    @FunctionalInterface
    interface Decoder {
        void decode(float[] features, float[] label) throws BadRowException;
    }

    /**
     * Records the current row's split and decodes it when it is {@code wanted}: {@code true} for a
     * good row, {@code false} for a row of another split or one skipped under {@code onBadRow: skip};
     * a bad row under {@code fail} ends the read with its {@code location}.
     */
    final boolean take(Split rowSplit, Split wanted, Decoder decoder, Supplier<String> location) {
        split = rowSplit;
        if (wanted != null && rowSplit != wanted) {
            return false;
        }
        try {
            decoder.decode(features, label);
            return true;
        } catch (BadRowException bad) {
            String where = location.get() + ": " + bad.getMessage();
            if (onBadRow == BadRowPolicy.FAIL) {
                throw new SparkboltException(owner + ": bad row at " + where + " (onBadRow: skip leaves such rows out)");
            }
            skipped.merge(bad.kind(), 1L, Long::sum);
            if (firstSkipped == null) {
                firstSkipped = where;
            }
            return false;
        }
    }

    /** Sets the current row's id (from a decoder; {@code null} when the data has no id column). */
    final void rowId(String rowId) {
        this.id = rowId;
    }

    /** The current row's id, or {@code null} when the data has no id column. */
    final String id() {
        return id;
    }

    /** The split of the current row. */
    final Split split() {
        return split;
    }

    /** The current row's features (reused between rows). */
    final float[] features() {
        return features;
    }

    /** The current row's label: one-hot classes or targets (reused between rows). */
    final float[] label() {
        return label;
    }

    /** Rows skipped so far, by kind of problem. */
    final Map<String, Long> skipped() {
        return skipped;
    }

    /** Where the first skipped row was and what was wrong with it; {@code null} if none was. */
    final String firstSkipped() {
        return firstSkipped;
    }

    @Override
    public abstract void close();
}

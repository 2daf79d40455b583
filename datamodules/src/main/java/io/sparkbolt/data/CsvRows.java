package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import java.io.Closeable;
import java.util.Map;
import java.util.TreeMap;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;

/**
 * The good rows of one shard, parsed into reused feature and label arrays. A bad row stops the read
 * with one line naming the file, the line (or byte offset) and the problem, or is counted and
 * passed over when the policy is {@link BadRowPolicy#SKIP}.
 */
final class CsvRows implements Closeable {
    private final CsvReading reading;
    private final CsvShard shard;
    private final CsvLines lines;
    private final SerializableCSVParser parser;
    private final float[] features;
    private final float[] label;
    private final Map<String, Long> skipped = new TreeMap<>();
    private String firstSkipped;
    private Split split;

    CsvRows(CsvShard shard, CsvReading reading) {
        this.shard = shard;
        this.reading = reading;
        this.lines = new CsvLines(shard, reading.skipLines());
        this.parser = reading.layout().parser();
        this.features = new float[reading.layout().numFeatures()];
        this.label = new float[reading.layout().labelWidth()];
    }

    /**
     * Moves to the next good row of split {@code wanted} ({@code null}: of any split). Rows of other
     * splits are passed over unparsed.
     */
    boolean next(Split wanted) {
        while (lines.next()) {
            split = reading.splitter().splitOf(shard, lines.offset());
            if (wanted != null && split != wanted) {
                continue;
            }
            try {
                reading.layout().parse(parser, lines.text(), features, label);
                return true;
            } catch (BadRowException bad) {
                String where = lines.location() + ": " + bad.getMessage();
                if (reading.onBadRow() == BadRowPolicy.FAIL) {
                    throw new SparkboltException(reading.owner() + ": bad row at " + where
                            + " (onBadRow: skip leaves such rows out)");
                }
                skipped.merge(bad.kind(), 1L, Long::sum);
                if (firstSkipped == null) {
                    firstSkipped = where;
                }
            }
        }
        return false;
    }

    /** The split of the current row. */
    Split split() {
        return split;
    }

    /** The current row's features (reused between rows). */
    float[] features() {
        return features;
    }

    /** The current row's label: one-hot classes or targets (reused between rows). */
    float[] label() {
        return label;
    }

    /** Rows skipped so far, by kind of problem. */
    Map<String, Long> skipped() {
        return skipped;
    }

    /** Where the first skipped row was and what was wrong with it; {@code null} if none was. */
    String firstSkipped() {
        return firstSkipped;
    }

    @Override
    public void close() {
        lines.close();
    }
}

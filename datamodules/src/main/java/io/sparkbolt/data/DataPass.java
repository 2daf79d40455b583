package io.sparkbolt.data;

import io.sparkbolt.trainer.api.DataContext;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one pass over every row of a file data set (CSV or Parquet), where the strategy reads data
 * (a Spark job under a Spark strategy): rows per split and per planned piece, the training rows'
 * statistics, and the bad rows skipped. Only the summaries reach the driver; they are merged in
 * piece order, so the result does not depend on which executor read what.
 */
final class DataPass {
    private static final Logger LOG = LoggerFactory.getLogger(DataPass.class);
    private static final List<Split> SPLITS = List.of(Split.TRAIN, Split.VAL, Split.TEST);

    private final Map<Split, List<PlannedShard>> shards;
    private final ShardSummary total;

    private DataPass(Map<Split, List<PlannedShard>> shards, ShardSummary total) {
        this.shards = shards;
        this.total = total;
    }

    /**
     * Runs {@code scan} over every piece of {@code planned} and keeps, per split, the pieces that
     * hold rows of it; warns once about skipped rows.
     */
    static DataPass run(String owner, DataContext context, List<? extends PlannedShard> planned, int features,
                        ShardFunction<ShardSummary> scan) {
        List<ShardSummary> summaries = context.mapShards(planned, scan);
        ShardSummary total = new ShardSummary(features);
        Map<Split, List<PlannedShard>> shards = new EnumMap<>(Split.class);
        SPLITS.forEach(split -> shards.put(split, new ArrayList<>()));
        for (int i = 0; i < planned.size(); i++) {
            ShardSummary summary = summaries.get(i);
            for (Split split : SPLITS) {
                if (summary.rows(split) > 0) {
                    shards.get(split).add(planned.get(i).of(split, summary.rows(split)));
                }
            }
            total.merge(summary);
        }
        if (total.skippedRows() > 0) {
            LOG.warn("{}: skipped {} bad rows {} (onBadRow: skip); the first: {}", owner, total.skippedRows(), total.skippedByKind(),
                    total.firstSkipped());
        }
        return new DataPass(shards, total);
    }

    /**
     * Fails with one line when there are no training rows, or when a hold-out fraction selected no
     * rows; {@code source} names the data in the message.
     */
    DataPass requireRows(String owner, String source, double valFraction, double testFraction) {
        String skipped = skippedRows() > 0 ? " after skipping " + skippedRows() + " bad rows" : "";
        if (rows(Split.TRAIN) == 0) {
            throw new SparkboltException(owner + ": no training rows in " + source + skipped
                    + (valFraction + testFraction > 0 ? " (valFraction + testFraction took them all)" : ""));
        }
        if (valFraction > 0 && rows(Split.VAL) == 0) {
            throw new SparkboltException(owner + ": valFraction=" + valFraction + " selects no validation rows out of "
                    + rows(Split.TRAIN) + skipped + " (raise it, or set 0 to train without validation)");
        }
        if (testFraction > 0 && rows(Split.TEST) == 0) {
            throw new SparkboltException(owner + ": testFraction=" + testFraction + " selects no test rows out of "
                    + (rows(Split.TRAIN) + rows(Split.VAL)) + skipped + " (raise it, or set 0)");
        }
        return this;
    }

    /** The shards of each split, in piece order. */
    Map<Split, List<PlannedShard>> shards() {
        return shards;
    }

    /** Good rows of {@code split}. */
    long rows(Split split) {
        return total.rows(split);
    }

    /** Good rows of every split. */
    Map<Split, Long> rowCounts() {
        Map<Split, Long> counts = new EnumMap<>(Split.class);
        SPLITS.forEach(split -> counts.put(split, rows(split)));
        return counts;
    }

    long skippedRows() {
        return total.skippedRows();
    }

    /** Statistics of the training rows' features. */
    ColumnStats trainStats() {
        return total.trainStats();
    }
}

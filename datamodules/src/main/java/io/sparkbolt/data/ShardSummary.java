package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Split;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the data pass learned from one shard: good rows per split, statistics of the training
 * features, and the rows it skipped. Summaries merge in shard order, so the result does not depend
 * on which executor read what.
 */
final class ShardSummary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] rows = new long[Split.values().length];
    private final ColumnStats trainStats;
    private final Map<String, Long> skipped = new TreeMap<>();
    private String firstSkipped;

    ShardSummary(int features) {
        this.trainStats = new ColumnStats(features);
    }

    /** Reads every row of a shard: the function the data pass runs on executors. */
    static ShardSummary scan(RowReader reader, int features) {
        ShardSummary summary = new ShardSummary(features);
        try (RowReader rows = reader) {
            while (rows.next(null)) {
                summary.rows[rows.split().ordinal()]++;
                if (rows.split() == Split.TRAIN) {
                    summary.trainStats.add(rows.features());
                }
            }
            summary.skipped.putAll(rows.skipped());
            summary.firstSkipped = rows.firstSkipped();
        }
        return summary;
    }

    /** Folds {@code other}, the summary of a later shard, into this one. */
    ShardSummary merge(ShardSummary other) {
        for (int i = 0; i < rows.length; i++) {
            rows[i] += other.rows[i];
        }
        trainStats.merge(other.trainStats);
        other.skipped.forEach((kind, count) -> skipped.merge(kind, count, Long::sum));
        if (firstSkipped == null) {
            firstSkipped = other.firstSkipped;
        }
        return this;
    }

    long rows(Split split) {
        return rows[split.ordinal()];
    }

    ColumnStats trainStats() {
        return trainStats;
    }

    long skippedRows() {
        return skipped.values().stream().mapToLong(Long::longValue).sum();
    }

    Map<String, Long> skippedByKind() {
        return skipped;
    }

    String firstSkipped() {
        return firstSkipped;
    }
}

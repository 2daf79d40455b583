package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Split;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;

/**
 * The good rows of one CSV shard, parsed into reused feature and label arrays. A bad row stops the read
 * with one line naming the file, the line (or byte offset) and the problem, or is counted and
 * passed over when the policy is {@link BadRowPolicy#SKIP}.
 */
final class CsvRows extends RowReader {
    private final CsvReading reading;
    private final CsvShard shard;
    private final CsvLines lines;
    private final SerializableCSVParser parser;

    CsvRows(CsvShard shard, CsvReading reading) {
        super(reading.owner(), reading.onBadRow(), reading.layout().numFeatures(), reading.layout().labelWidth());
        this.shard = shard;
        this.reading = reading;
        this.lines = new CsvLines(shard, reading.skipLines());
        this.parser = reading.layout().parser();
    }

    @Override
    boolean next(Split wanted) {
        while (lines.next()) {
            Split rowSplit = reading.splitter().splitOf(shard.source(), shard.fileKey(), lines.offset());
            if (take(rowSplit, wanted, (features, label) -> rowId(reading.layout().parse(parser, lines.text(), features, label)),
                    lines::location)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        lines.close();
    }
}

package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.LineRecordReader;

/**
 * The lines of one {@link CsvShard}, read with Hadoop's own {@link LineRecordReader}: a range that
 * does not start at byte 0 begins after the first line break in it, the line crossing its end is
 * read whole, and compressed files are decompressed through Hadoop's codecs. So every line of a
 * file belongs to exactly one range. Header lines are skipped in the range that starts the file.
 */
final class CsvLines implements Closeable {
    private final CsvShard shard;
    private final LineRecordReader reader;
    private final LongWritable key;
    private final Text value;
    private long lineNumber;
    private int headerLeft;

    CsvLines(CsvShard shard, int skipLines) {
        this.shard = shard;
        Path file = new Path(shard.file());
        try {
            this.reader = new LineRecordReader(Storage.configuration(), new FileSplit(file, shard.start(), shard.length(), (String[]) null));
        } catch (IOException e) {
            throw new SparkboltException("cannot open " + shard.file() + ": " + e.getMessage(), e);
        }
        this.key = reader.createKey();
        this.value = reader.createValue();
        this.headerLeft = shard.start() == 0 ? skipLines : 0;
    }

    /** Moves to the next data line; {@code false} at the end of the range. Blank lines are passed over. */
    boolean next() {
        try {
            while (reader.next(key, value)) {
                lineNumber++;
                if (headerLeft > 0) {
                    headerLeft--;
                } else if (value.getLength() > 0 && !text().isBlank()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new SparkboltException("cannot read " + shard.file() + " near byte " + key.get() + ": " + e.getMessage(), e);
        }
    }

    /** The current line. */
    String text() {
        return value.toString();
    }

    /** The current line's byte offset in the (decompressed) file: unique per line, whatever the ranges. */
    long offset() {
        return key.get();
    }

    /**
     * Where the current line is, for messages: {@code file:line} when the range starts the file
     * (line numbers from 1), else {@code file at byte N}.
     */
    String location() {
        return shard.start() == 0 ? shard.file() + ":" + lineNumber : shard.file() + " at byte " + offset();
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // a reader only closes its input stream; nothing was written that could be lost
        }
    }
}

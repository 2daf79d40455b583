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
 * file belongs to exactly one range. Header lines are skipped in the range that starts the file,
 * and Hadoop's reader drops a UTF-8 byte order mark before its first line. A line longer than {@link
 * #MAX_LINE_BYTES} (a file without line breaks, a binary file) fails with one line naming the file
 * and byte, after reading at most that many bytes of it into memory.
 */
final class CsvLines implements Closeable {
    /** The longest line read: far beyond any row of numbers, far below what would exhaust a task's memory. */
    static final int MAX_LINE_BYTES = 64 << 20;
    private final CsvShard shard;
    private final LineRecordReader reader;
    private final LongWritable key;
    private final Text value;
    private long lineNumber;
    private int headerLeft;
    /** Where the line after the last one read must start, when known (a range that starts its file); -1 otherwise. */
    private long nextLineAt;

    CsvLines(CsvShard shard, int skipLines) {
        this.shard = shard;
        Path file = new Path(shard.file());
        try {
            org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(Storage.configuration());
            // Hadoop's reader keeps at most this many bytes of a line and then skips past it; the skip is caught below.
            conf.setInt(org.apache.hadoop.mapreduce.lib.input.LineRecordReader.MAX_LINE_LENGTH, MAX_LINE_BYTES);
            this.reader = new LineRecordReader(conf, new FileSplit(file, shard.start(), shard.length(), (String[]) null));
        } catch (IOException e) {
            throw new SparkboltException("cannot open " + shard.file() + ": " + e.getMessage(), e);
        }
        this.key = reader.createKey();
        this.value = reader.createValue();
        this.headerLeft = shard.start() == 0 ? skipLines : 0;
        this.nextLineAt = shard.start() == 0 ? 0 : -1;
    }

    /** Moves to the next data line; {@code false} at the end of the range. Blank lines are passed over. */
    boolean next() {
        try {
            while (reader.next(key, value)) {
                if (nextLineAt >= 0 && key.get() - nextLineAt >= MAX_LINE_BYTES) {
                    // Hadoop's reader skipped a line longer than its limit (smaller gaps: "\r\n", a byte order mark).
                    throw overlong(nextLineAt);
                }
                lineNumber++;
                nextLineAt = key.get() + value.getLength() + 1;
                if (headerLeft > 0) {
                    headerLeft--;
                } else if (value.getLength() > 0 && !text().isBlank()) {
                    return true;
                }
            }
            if (nextLineAt >= 0 && reader.getPos() > nextLineAt + MAX_LINE_BYTES) {
                throw overlong(nextLineAt); // the skipped line was the last one
            }
            return false;
        } catch (java.io.EOFException e) {
            throw new SparkboltException(shard.file() + " is truncated near byte " + key.get() + " (" + e.getMessage()
                    + "): an interrupted copy or download?", e);
        } catch (IOException e) {
            throw new SparkboltException("cannot read " + shard.file() + " near byte " + key.get() + ": " + e.getMessage(), e);
        }
    }

    private SparkboltException overlong(long at) {
        return new SparkboltException(shard.file() + " at byte " + at + ": a line longer than " + MAX_LINE_BYTES
                + " bytes: not a CSV file of rows, or a file without line breaks");
    }

    /** The current line (Hadoop's reader drops the UTF-8 byte order mark a file may start with). */
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

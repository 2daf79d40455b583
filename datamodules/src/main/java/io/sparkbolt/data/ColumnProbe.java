package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;

/** Reads the first data line of a CSV file on the driver (metadata only) to learn the number of columns. */
final class ColumnProbe {
    private ColumnProbe() {
    }

    static int count(Path file, int skipLines, char delimiter, String owner) {
        long length;
        try {
            length = Storage.fileSystem(file).getFileStatus(file).getLen();
        } catch (IOException e) {
            throw new SparkboltException(owner + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        CsvShard whole = new CsvShard(file.toString(), file.getName(), 0, Math.max(1, length), Split.TRAIN, null, -1);
        try (CsvLines lines = new CsvLines(whole, skipLines)) {
            if (!lines.next()) {
                throw new SparkboltException(owner + ": " + file + " has no data rows" + (skipLines > 0 ? " after skipLines=" + skipLines : ""));
            }
            try {
                return new SerializableCSVParser(delimiter).parseLine(lines.text()).length;
            } catch (IOException e) {
                throw new SparkboltException(owner + ": cannot split " + lines.location() + ": " + e.getMessage(), e);
            }
        }
    }
}

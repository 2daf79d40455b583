package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import org.apache.hadoop.fs.Path;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;

/**
 * Reads the first data line of a table's CSV files on the driver (metadata only) to learn the number
 * of columns: from the first file that has one, so an empty or header-only file first in the
 * listing (a {@code part-00000} of an empty partition) does not stop a table whose other files
 * hold rows.
 */
final class ColumnProbe {
    private ColumnProbe() {
    }

    static int count(List<Path> files, int skipLines, char delimiter, String owner) {
        for (Path file : files) {
            OptionalInt columns = count(file, skipLines, delimiter, owner);
            if (columns.isPresent()) {
                return columns.getAsInt();
            }
        }
        String which = files.size() == 1 ? files.get(0) + " has no" : "none of the " + files.size() + " files under "
                + files.get(0).getParent() + " has";
        throw new SparkboltException(owner + ": " + which + " data rows" + (skipLines > 0 ? " after skipLines=" + skipLines : ""));
    }

    private static OptionalInt count(Path file, int skipLines, char delimiter, String owner) {
        long length;
        try {
            length = Storage.fileSystem(file).getFileStatus(file).getLen();
        } catch (IOException e) {
            throw new SparkboltException(owner + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        CsvShard whole = new CsvShard(file.toString(), file.getName(), 0, Math.max(1, length), Split.TRAIN, null, -1);
        try (CsvLines lines = new CsvLines(whole, skipLines)) {
            if (!lines.next()) {
                return OptionalInt.empty();
            }
            try {
                return OptionalInt.of(new SerializableCSVParser(delimiter).parseLine(lines.text()).length);
            } catch (IOException e) {
                throw new SparkboltException(owner + ": cannot split " + lines.location() + ": " + e.getMessage(), e);
            }
        }
    }
}

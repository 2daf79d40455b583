package io.sparkbolt.trainer.predict;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** A CSV part: a header line, then one line per row; a NaN output is {@code NaN} and its argmax empty. */
final class CsvPartWriter implements PartWriter {
    private final Writer out;
    private final PredictionColumns columns;
    private final StringBuilder line = new StringBuilder();

    CsvPartWriter(OutputStream stream, PredictionColumns columns) throws IOException {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
        this.columns = columns;
        out.write(String.join(",", columns.names().stream().map(CsvPartWriter::quoted).toList()) + "\n");
    }

    @Override
    public void write(int shard, long row, String id, double[] values) throws IOException {
        line.setLength(0);
        if (columns.keyedById()) {
            line.append(quoted(id));
        } else {
            line.append(shard).append(',').append(row);
        }
        for (double value : values) {
            line.append(',').append(value);
        }
        if (columns.hasArgmax()) {
            Long best = PredictionColumns.argmax(values);
            line.append(',').append(best == null ? "" : best.toString());
        }
        out.write(line.append('\n').toString());
    }

    /** A field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break. */
    private static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

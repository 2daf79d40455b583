package io.sparkbolt.data;

import java.io.IOException;
import java.io.Serializable;
import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;

/**
 * How a CSV row becomes an example: which columns are the target(s), which one (if any) is the
 * row's id, the rest being features, and what makes a row bad. Fields are split by DataVec's CSV parser (quotes and escapes as DataVec's
 * {@code CSVRecordReader} reads them).
 *
 * @param delimiter   the field separator
 * @param numColumns  columns every row must have
 * @param firstTarget index of the (first) target column
 * @param numClasses  classes of a classification label; 0 for regression
 * @param numTargets  target columns from {@code firstTarget} (1 for classification)
 * @param idColumn    index of the id column (kept as text, not a feature), or -1
 */
record CsvLayout(char delimiter, int numColumns, int firstTarget, int numClasses, int numTargets, int idColumn) implements Serializable {
    /** The key column's name in written predictions. */
    static final String ID_NAME = "id";

    int numFeatures() {
        return numColumns - numTargets - (hasId() ? 1 : 0);
    }

    boolean hasId() {
        return idColumn >= 0;
    }

    boolean regression() {
        return numClasses == 0;
    }

    /** Width of a label row: one-hot classes, or the targets. */
    int labelWidth() {
        return regression() ? numTargets : numClasses;
    }

    SerializableCSVParser parser() {
        return new SerializableCSVParser(delimiter);
    }

    /**
     * Parses one line into {@code features} and {@code label} (one-hot for classes); returns the
     * row's id ({@code null} without an id column).
     *
     * @throws BadRowException with what is wrong; columns are numbered from 1 in messages
     */
    String parse(SerializableCSVParser parser, String line, float[] features, float[] label) throws BadRowException {
        String[] fields;
        try {
            fields = parser.parseLine(line);
        } catch (IOException e) {
            throw new BadRowException("columns", "cannot split the row: " + e.getMessage());
        }
        if (fields.length != numColumns) {
            throw new BadRowException("columns", fields.length + " columns, expected " + numColumns);
        }
        int feature = 0;
        for (int c = 0; c < numColumns; c++) {
            if (c == idColumn) {
                continue;
            }
            float value = number(fields[c], c);
            boolean target = c >= firstTarget && c < firstTarget + numTargets;
            if (!Float.isFinite(value)) {
                throw new BadRowException("nonfinite", "column " + (c + 1) + ": " + (target ? "target" : "feature")
                        + " is " + fields[c].trim() + ", not a finite number");
            }
            if (!target) {
                features[feature++] = value;
            } else if (regression()) {
                label[c - firstTarget] = value;
            } else {
                ClassLabels.oneHot(value, numClasses, label, "column " + (c + 1));
            }
        }
        return hasId() ? fields[idColumn].trim() : null;
    }

    private static float number(String field, int column) throws BadRowException {
        String text = field.trim();
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new BadRowException("number", "column " + (column + 1) + ": '" + abbreviate(text) + "' is not a number");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}

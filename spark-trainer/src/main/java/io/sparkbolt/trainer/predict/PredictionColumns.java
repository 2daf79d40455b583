package io.sparkbolt.trainer.predict;

import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a predictions part: the row's key, either the data module's id column or the
 * input shard's index and the row's index within it, then {@code output_0 ... output_k-1}, and for
 * several outputs {@code argmax}.
 *
 * @param idColumn the id column's name, or {@code null} for the {@code shard, row} key
 * @param width    outputs per row
 */
record PredictionColumns(String idColumn, int width) {
    static final String SHARD = "shard";
    static final String ROW = "row";
    static final String ARGMAX = "argmax";

    /** Whether rows carry their data's ids rather than a shard and row index. */
    boolean keyedById() {
        return idColumn != null;
    }

    /** Whether an {@code argmax} column follows the outputs. */
    boolean hasArgmax() {
        return width > 1;
    }

    static String output(int i) {
        return "output_" + i;
    }

    /** The column names, in order. */
    List<String> names() {
        List<String> names = new ArrayList<>(keyedById() ? List.of(idColumn) : List.of(SHARD, ROW));
        for (int i = 0; i < width; i++) {
            names.add(output(i));
        }
        if (hasArgmax()) {
            names.add(ARGMAX);
        }
        return names;
    }

    /** The index of the largest output, or {@code null} when an output is NaN (no class can be named). */
    static Long argmax(double[] values) {
        int best = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return null;
            }
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return (long) best;
    }
}

package io.sparkbolt.trainer.api;

import java.io.Serializable;
import java.util.List;

/**
 * The keys of a batch's rows, from the data module's id column, so that outputs written by
 * {@code predict} can be joined back to their inputs.
 *
 * @param column the id column's name (the output's key column)
 * @param values one key per row of the batch, in the batch's order
 */
public record RowIds(String column, List<String> values) implements Serializable {
    public RowIds {
        values = List.copyOf(values);
    }
}

package io.sparkbolt.trainer.predict;

import java.io.Closeable;
import java.io.IOException;

/** Writes one predictions part file, row by row, in the columns of {@link PredictionColumns}. */
interface PartWriter extends Closeable {

    /**
     * One row: its key ({@code id} when the part is keyed by id, else {@code shard} and {@code row})
     * and its outputs.
     */
    void write(int shard, long row, String id, double[] values) throws IOException;
}

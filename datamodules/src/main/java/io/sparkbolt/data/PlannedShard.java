package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.Split;

/**
 * A piece of a file planned before the data pass, holding rows of every split; the pass tells how
 * many rows of each split it holds, and {@link #of} makes the shard of one split from it.
 */
interface PlannedShard extends Shard {

    /** This piece as a shard of {@code split} holding {@code rows} rows. */
    PlannedShard of(Split split, long rows);

    /** The split this shard yields; {@code null} while planning. */
    Split split();

    /** Rows of {@link #split()} in this piece, known after the data pass; -1 before. */
    long rows();
}

package io.sparkbolt.trainer.api;

import java.io.Serializable;

/**
 * A read-only pass over one shard, run where the data is read: on a Spark executor when a Spark
 * strategy is active, in this JVM otherwise. Used by {@link DataModule#prepareData()} to compute
 * something small from the whole data set (row counts, normaliser statistics) without bringing the
 * data to the driver. The function is serialised to executors, so it must not capture
 * driver-only state.
 *
 * @param <R> the small, serialisable result of one shard
 */
@FunctionalInterface
public interface ShardFunction<R extends Serializable> extends Serializable {

    /** Reads {@code shard} (the {@code index}-th of the pass) and returns its summary. */
    R apply(Shard shard, int index);
}

package io.sparkbolt.trainer.api;

import java.io.Serializable;

/**
 * Where a shard is being read: which split, which epoch, and the seed that orders its examples.
 * Reading the same shard with the same {@code ShardRead} yields the same batches in the same order.
 *
 * @param split      the split the shard belongs to
 * @param epoch      the current epoch (0-based); 0 outside training
 * @param seed       the run's seed, split per epoch and per shard by {@link #shuffleSeed()}
 * @param shuffle    whether training examples should be shuffled (off under {@code overfitBatches})
 * @param shardIndex the shard's position in its split
 */
public record ShardRead(Split split, int epoch, long seed, boolean shuffle, int shardIndex) implements Serializable {

    /** A seed for shuffling this shard in this epoch, distinct per epoch and per shard. */
    public long shuffleSeed() {
        long h = seed * 0x9E3779B97F4A7C15L + epoch;
        h = h * 0xBF58476D1CE4E5B9L + shardIndex;
        return h ^ (h >>> 31);
    }
}

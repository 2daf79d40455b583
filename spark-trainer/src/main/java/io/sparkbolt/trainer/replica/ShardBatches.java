package io.sparkbolt.trainer.replica;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The batches of a list of shards, one shard after another, each opened only when reached. Errors
 * while reading name the shard.
 */
public final class ShardBatches implements Iterator<Batch> {
    private final DataModule data;
    private final List<? extends Shard> shards;
    private final Split split;
    private final int epoch;
    private final long seed;
    private final boolean shuffle;
    private final int[] shardIndices;
    private int nextShard;
    private Shard current;
    private Iterator<Batch> batches = Collections.emptyIterator();

    /** Reads all of a split's shards, in order; each shard's position is its index. */
    public ShardBatches(DataModule data, List<? extends Shard> shards, Split split, int epoch, long seed, boolean shuffle) {
        this(data, shards, java.util.stream.IntStream.range(0, shards.size()).toArray(), split, epoch, seed, shuffle);
    }

    /**
     * Reads some of a split's shards; {@code shardIndices} are their positions in the whole split,
     * which seed their shuffling, so a shard reads the same wherever it is read.
     */
    public ShardBatches(DataModule data, List<? extends Shard> shards, int[] shardIndices, Split split, int epoch,
                        long seed, boolean shuffle) {
        this.data = data;
        this.shards = shards;
        this.shardIndices = shardIndices;
        this.split = split;
        this.epoch = epoch;
        this.seed = seed;
        this.shuffle = shuffle;
    }

    @Override
    public boolean hasNext() {
        while (!readingHasNext()) {
            if (nextShard >= shards.size()) {
                return false;
            }
            current = shards.get(nextShard);
            try {
                batches = data.open(current, new ShardRead(split, epoch, seed, shuffle, shardIndices[nextShard]));
            } catch (SparkboltException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SparkboltException("cannot open " + current.describe() + ": " + e.getMessage(), e);
            }
            nextShard++;
        }
        return true;
    }

    private boolean readingHasNext() {
        try {
            return batches.hasNext();
        } catch (SparkboltException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SparkboltException("cannot read " + current.describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches in " + split.prefix() + " shards");
        }
        try {
            return batches.next();
        } catch (SparkboltException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SparkboltException("cannot read " + current.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The index, in the whole split, of the shard the last batch came from (-1 before the first). */
    public int currentShardIndex() {
        return nextShard == 0 ? -1 : shardIndices[nextShard - 1];
    }

    /** Reads past the first {@code batches} batches (fewer if the shards hold fewer); returns this stream. */
    public ShardBatches skip(long batches) {
        long left = batches;
        // Whole shards of known size are passed over unopened: a stream re-opened far into an epoch
        // (a worker whose shards ran out first, a retried task) must not decode everything before.
        while (left > 0 && !readingHasNext() && nextShard < shards.size()) {
            long examples = shards.get(nextShard).numExamples();
            long shardBatches = examples < 0 ? -1 : (examples + data.batchSize() - 1) / data.batchSize();
            if (shardBatches < 0 || shardBatches > left) {
                break;
            }
            left -= shardBatches;
            nextShard++;
        }
        for (long skipped = 0; skipped < left && hasNext(); skipped++) {
            next();
        }
        return this;
    }

    /** Batches each shard yields: {@code ceil(examples / batchSize)}; -1 when a shard's size is unknown. */
    public static long count(List<? extends Shard> shards, int batchSize) {
        long total = 0;
        for (Shard shard : shards) {
            if (shard.numExamples() < 0) {
                return -1;
            }
            total += (shard.numExamples() + batchSize - 1) / batchSize;
        }
        return total;
    }
}

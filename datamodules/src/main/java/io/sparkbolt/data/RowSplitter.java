package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Split;
import java.io.Serializable;

/**
 * The seeded split of rows into training, validation and test: a row's split is a hash of the seed,
 * its file's key and its position in the file (byte offset or row index), so it is the same on every executor, every epoch and every
 * run, however the files are cut into shards. Rows of files given for one split (a separate
 * {@code valPath}) stay in it.
 *
 * @param seed         the split's seed
 * @param valFraction  share of {@code path}'s rows held out for validation
 * @param testFraction share of {@code path}'s rows held out for test
 */
record RowSplitter(long seed, double valFraction, double testFraction) implements Serializable {

    /**
     * The split of the row at {@code position} (a CSV line's byte offset, a Parquet row's index) of
     * the file known as {@code fileKey}, given for split {@code source}.
     */
    Split splitOf(Split source, String fileKey, long position) {
        if (source != Split.TRAIN || (valFraction == 0 && testFraction == 0)) {
            return source;
        }
        double u = uniform(fileKey.hashCode(), position);
        if (u < valFraction) {
            return Split.VAL;
        }
        return u < valFraction + testFraction ? Split.TEST : Split.TRAIN;
    }

    /** A uniform number in [0, 1) from the seed, the file and the offset (SplitMix64's finaliser). */
    private double uniform(int fileHash, long offset) {
        long h = seed * 0x9E3779B97F4A7C15L + fileHash;
        h = (h ^ offset) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h ^= h >>> 31;
        return (h >>> 11) * 0x1.0p-53;
    }
}

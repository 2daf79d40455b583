package io.sparkbolt.trainer.replica;

import io.sparkbolt.trainer.strategy.Round;

/**
 * Seeds derived from the run's seed, so every (round, worker) draws its own reproducible random
 * numbers. Because each round re-seeds ND4J's generator from its coordinates, the random state is
 * a function of where the fit stands: a checkpoint needs only the seed to restore it exactly.
 */
public final class Seeds {
    private Seeds() {
    }

    /** A well-mixed combination of the run seed and the given coordinates (splitmix64 steps). */
    public static long mix(long seed, long... coordinates) {
        long h = seed;
        for (long c : coordinates) {
            h += 0x9E3779B97F4A7C15L + c;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }

    /** The seed of ND4J's generator for {@code worker}'s part of {@code round}. */
    public static long forRound(long seed, Round round, int worker) {
        return mix(seed, round.split().ordinal(), round.epoch(), round.firstBatch(), worker);
    }
}

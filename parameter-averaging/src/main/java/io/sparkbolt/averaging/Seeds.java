package io.sparkbolt.averaging;

/** Seeds derived from the run's seed, so every (round, worker) draws its own reproducible random numbers. */
final class Seeds {
    private Seeds() {
    }

    /** A well-mixed combination of the run seed and the given coordinates (splitmix64 steps). */
    static long mix(long seed, long... coordinates) {
        long h = seed;
        for (long c : coordinates) {
            h += 0x9E3779B97F4A7C15L + c;
            h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
            h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
            h ^= h >>> 31;
        }
        return h;
    }
}

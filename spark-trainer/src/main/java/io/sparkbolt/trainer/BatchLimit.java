package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.SparkboltException;

/**
 * A number of batches given as Lightning gives it: a fraction of the epoch ({@code 0.25}) or a
 * count ({@code 10}). {@link #ALL} is the whole epoch.
 */
public final class BatchLimit {
    /** The whole epoch. */
    public static final BatchLimit ALL = new BatchLimit(1.0, -1);
    /** No batches at all. */
    public static final BatchLimit NONE = new BatchLimit(-1, 0);

    private final double fraction;
    private final long count;

    private BatchLimit(double fraction, long count) {
        this.fraction = fraction;
        this.count = count;
    }

    /** A fraction of the epoch's batches, in [0, 1]. */
    public static BatchLimit fraction(String flag, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new SparkboltException("trainer flag " + flag + " must be a fraction in [0, 1] or a batch count, got " + fraction);
        }
        return new BatchLimit(fraction, -1);
    }

    /** A number of batches, at least 0. */
    public static BatchLimit count(String flag, long count) {
        if (count < 0) {
            throw new SparkboltException("trainer flag " + flag + " must be a batch count >= 0 or a fraction in [0, 1], got " + count);
        }
        return new BatchLimit(-1, count);
    }

    /** Whether this is a count rather than a fraction. */
    public boolean isCount() {
        return count >= 0;
    }

    /** Whether this is the fraction 1.0: the whole epoch. */
    public boolean isWholeEpoch() {
        return !isCount() && fraction == 1.0;
    }

    /** Whether this limit selects no batches. */
    public boolean isZero() {
        return isCount() ? count == 0 : fraction == 0;
    }

    /**
     * The number of batches out of {@code total} (-1: unknown). A positive fraction keeps at least
     * one batch. Returns -1 for "all of an unknown number".
     */
    public long resolve(long total, String flag) {
        if (isCount()) {
            return total < 0 ? count : Math.min(count, total);
        }
        if (total < 0) {
            if (fraction == 1.0) {
                return -1;
            }
            throw new SparkboltException("trainer flag " + flag + "=" + fraction
                    + " is a fraction, but the data module does not know its number of batches: give a batch count");
        }
        long batches = (long) Math.floor(fraction * total);
        return fraction > 0 ? Math.max(1, batches) : 0;
    }

    @Override
    public String toString() {
        return isCount() ? Long.toString(count) : Double.toString(fraction);
    }
}

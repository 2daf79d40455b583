package io.sparkbolt.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Count, mean, variance, minimum and maximum of each feature column, gathered in one pass and
 * mergeable, so that shards summarised on different executors combine into the statistics of the
 * whole data set (Welford's update per row, Chan et al.'s formula per merge, in double precision).
 */
final class ColumnStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private long count;
    private final double[] mean;
    private final double[] squares; // sum of squared deviations from the mean
    private final double[] min;
    private final double[] max;

    ColumnStats(int columns) {
        mean = new double[columns];
        squares = new double[columns];
        min = new double[columns];
        max = new double[columns];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void add(float[] row) {
        count++;
        for (int c = 0; c < mean.length; c++) {
            double x = row[c];
            double delta = x - mean[c];
            mean[c] += delta / count;
            squares[c] += delta * (x - mean[c]);
            min[c] = Math.min(min[c], x);
            max[c] = Math.max(max[c], x);
        }
    }

    /** Folds {@code other} (of the same columns) into this one. */
    void merge(ColumnStats other) {
        if (other.count == 0) {
            return;
        }
        long total = count + other.count;
        for (int c = 0; c < mean.length; c++) {
            double delta = other.mean[c] - mean[c];
            squares[c] += other.squares[c] + delta * delta * ((double) count * other.count / total);
            mean[c] += delta * other.count / total;
            min[c] = Math.min(min[c], other.min[c]);
            max[c] = Math.max(max[c], other.max[c]);
        }
        count = total;
    }

    long count() {
        return count;
    }

    double[] mean() {
        return mean.clone();
    }

    /** Population standard deviation (divided by the count), as ND4J's {@code NormalizerStandardize} uses. */
    double[] std() {
        double[] std = new double[mean.length];
        for (int c = 0; c < std.length; c++) {
            std[c] = count == 0 ? 0 : Math.sqrt(squares[c] / count);
        }
        return std;
    }

    double[] min() {
        return min.clone();
    }

    double[] max() {
        return max.clone();
    }
}

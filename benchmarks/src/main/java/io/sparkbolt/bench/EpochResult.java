package io.sparkbolt.bench;

import java.util.List;

/**
 * One trainer's run in a benchmark: every epoch's seconds and the final test accuracy. The first
 * epoch is the warm-up; {@link #median()} is over the others.
 */
record EpochResult(List<Double> epochs, double accuracy) {

    /** Median of the warm epochs (all epochs when there is only one). */
    double median() {
        return BenchmarkReport.median(epochs.size() > 1 ? epochs.subList(1, epochs.size()) : epochs);
    }

    /** A markdown table row: the given label columns, then median, epochs and accuracy. */
    String row(String... labels) {
        return String.format("| %s | %.3f | %s | %.4f |", String.join(" | ", labels), median(), BenchmarkReport.seconds(epochs),
                accuracy);
    }

    @Override
    public String toString() {
        return String.format("median warm epoch %.3f s, epochs %s, test accuracy %.4f", median(), epochs, accuracy);
    }
}

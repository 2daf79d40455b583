package io.sparkbolt.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One trainer's runs over several seeds. Test accuracy after a short run moves by more than half
 * a point from one seed to the next (MNIST MLP, 2 epochs: 0.9693 to 0.9766 for the raw loop), so
 * accuracies are compared as means over seeds; epoch times are pooled over the seeds' warm epochs.
 */
final class SeededResults {
    private final List<EpochResult> runs = new ArrayList<>();

    void add(EpochResult run) {
        runs.add(run);
    }

    /** Median of every warm epoch of every seed. */
    double medianWarmEpoch() {
        return BenchmarkReport.median(warmEpochs());
    }

    /** Each run's epochs after its first (all of a one-epoch run), seed after seed. */
    private List<Double> warmEpochs() {
        List<Double> warm = new ArrayList<>();
        runs.forEach(run -> warm.addAll(run.epochs().size() > 1 ? run.epochs().subList(1, run.epochs().size()) : run.epochs()));
        return warm;
    }

    double meanAccuracy() {
        return runs.stream().mapToDouble(EpochResult::accuracy).average().orElse(Double.NaN);
    }

    /** Sample standard deviation of the accuracy over seeds (0 for one seed). */
    double accuracySd() {
        int n = runs.size();
        if (n < 2) {
            return 0;
        }
        double mean = meanAccuracy();
        double squares = runs.stream().mapToDouble(r -> (r.accuracy() - mean) * (r.accuracy() - mean)).sum();
        return Math.sqrt(squares / (n - 1));
    }

    /** Standard error of {@code this} mean accuracy minus {@code other}'s. */
    double deltaStandardError(SeededResults other) {
        return Math.sqrt(accuracySd() * accuracySd() / runs.size() + other.accuracySd() * other.accuracySd() / other.runs.size());
    }

    /** A markdown row: label, median warm epoch, warm epochs, accuracy per seed, mean ± sd. */
    String row(String label) {
        String perSeed = String.join(" ", runs.stream().map(r -> String.format("%.4f", r.accuracy())).toList());
        return String.format("| %s | %.3f | %s | %s | %.4f ± %.4f |", label, medianWarmEpoch(), BenchmarkReport.seconds(warmEpochs()),
                perSeed, meanAccuracy(), accuracySd());
    }
}

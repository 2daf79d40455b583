package io.sparkbolt.averaging;

import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.strategy.Prediction;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The driver's side of a round: the workers' models averaged into the driver's network, weighted
 * by the examples each saw, and their counts and metrics merged.
 */
final class RoundOutcome {
    private final List<WorkerResult> results;
    private final MetricCollector metrics = new MetricCollector();

    private RoundOutcome(List<WorkerResult> results) {
        this.results = results;
    }

    static RoundOutcome of(WorkerResults aggregate, Network network, boolean training, boolean updaterState) {
        RoundOutcome outcome = new RoundOutcome(new ArrayList<>(aggregate.inOrder()));
        outcome.results.forEach(r -> outcome.metrics.merge(r.metrics()));
        if (training) {
            outcome.average(network.params(), WorkerResult::params);
            if (updaterState) {
                outcome.average(network.updaterState(), WorkerResult::updater);
            }
        }
        return outcome;
    }

    /**
     * Sets {@code target} to the example-weighted mean of the workers' arrays, summed in worker
     * order (so the result does not depend on which task finished first); untouched when no
     * worker trained. A lone worker's weight is exactly 1, so its model comes through bit for bit.
     */
    private void average(INDArray target, Function<WorkerResult, PackedArray> part) {
        long total = results.stream().mapToLong(WorkerResult::examples).sum();
        if (total == 0 || target.length() == 0) {
            return;
        }
        double[] mean = new double[Math.toIntExact(target.length())]; // summed in double whatever the precision
        boolean first = true;
        for (WorkerResult result : results) {
            if (result.examples() > 0) {
                part.apply(result).addWeighted(mean, (double) result.examples() / total, first);
                first = false;
            }
        }
        PackedArray.assignRounded(target, mean); // rounded once into the network's type
    }

    MetricCollector metrics() {
        return metrics;
    }

    long maxComputeNanos() {
        return results.stream().mapToLong(WorkerResult::computeNanos).max().orElse(0);
    }

    /** Counts per worker are the largest any worker reached; examples and losses are totals. */
    RoundResult toRoundResult() {
        int batches = 0;
        int steps = 0;
        long examples = 0;
        double lossSum = 0;
        int lossCount = 0;
        boolean exhausted = true;
        List<Prediction> predictions = new ArrayList<>();
        for (WorkerResult result : results) {
            batches = Math.max(batches, result.batches());
            steps = Math.max(steps, result.steps());
            examples += result.examples();
            lossSum += result.lossSum();
            lossCount += result.lossCount();
            exhausted &= result.exhausted();
            if (result.predictions() != null) {
                predictions.addAll(result.predictions());
            }
        }
        return new RoundResult(batches, steps, examples, lossSum, lossCount, metrics, predictions, exhausted);
    }
}

package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.metrics.MetricCollector;
import java.io.Serializable;
import java.util.List;
import io.sparkbolt.trainer.strategy.Prediction;

/**
 * One worker's part of a round: its parameters and updater state after its steps, how many
 * examples they came from (the averaging weight), what it logged, and its compute time.
 */
record WorkerResult(int worker, PackedArray params, PackedArray updater, long examples, int batches, int steps,
                    double lossSum, int lossCount, MetricCollector metrics, List<Prediction> predictions,
                    boolean exhausted, long computeNanos) implements Serializable {

    /** The same counts and metrics without the model arrays. */
    WorkerResult withoutModel() {
        return new WorkerResult(worker, null, null, examples, batches, steps, lossSum, lossCount, metrics, predictions, exhausted,
                computeNanos);
    }
}

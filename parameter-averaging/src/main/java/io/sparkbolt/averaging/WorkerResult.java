package io.sparkbolt.averaging;

import io.sparkbolt.trainer.metrics.MetricCollector;
import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's part of a round: its parameters and updater state after its steps, how many
 * examples they came from (the averaging weight), what it logged, and its compute time.
 */
record WorkerResult(int worker, PackedFloats params, PackedFloats updater, long examples, int batches, int steps,
                    double lossSum, int lossCount, MetricCollector metrics, List<INDArray> predictions,
                    boolean exhausted, long computeNanos) implements Serializable {
}

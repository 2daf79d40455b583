package io.sparkbolt.trainer.strategy;

import io.sparkbolt.trainer.metrics.MetricCollector;
import java.util.List;

/**
 * What a round returns to the driver.
 *
 * @param batches     batches run (per worker; fewer than asked when the data ran out)
 * @param steps       optimiser steps taken (per worker)
 * @param examples    examples seen, all workers together
 * @param lossSum     sum of the training-step losses (per batch), all workers together
 * @param lossCount   number of losses in {@code lossSum}
 * @param metrics     what {@code log(...)} recorded, merged over workers
 * @param predictions outputs of predict steps with their input shards, in batch order per worker (empty otherwise)
 * @param exhausted   whether the split has no batches left this epoch
 */
public record RoundResult(int batches, int steps, long examples, double lossSum, int lossCount,
                          MetricCollector metrics, List<Prediction> predictions, boolean exhausted) {

    /** Mean training loss of the round, NaN when no step returned a loss. */
    public double meanLoss() {
        return lossCount == 0 ? Double.NaN : lossSum / lossCount;
    }
}

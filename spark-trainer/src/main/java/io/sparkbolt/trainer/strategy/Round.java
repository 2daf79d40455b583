package io.sparkbolt.trainer.strategy;

import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.predict.PredictionTarget;
import java.io.Serializable;

/**
 * One unit of work the driver asks a strategy for: the batches {@code [firstBatch, firstBatch +
 * numBatches)} of {@code split} in {@code epoch}, on every worker. A round is a pure function of
 * the model it starts from and these numbers.
 *
 * @param split        which data
 * @param epoch        current epoch (0 outside fit)
 * @param firstBatch   index, within the epoch, of the round's first batch (per worker)
 * @param numBatches   batches to run (per worker)
 * @param epochBatches batches in the epoch after limits (per worker), or -1 when unknown; the last
 *                     batch of the epoch flushes accumulated gradients
 * @param globalStep   optimiser steps taken before the round
 * @param shuffle      whether training examples are shuffled
 * @param writeTo      for a predict round that writes its outputs where they are computed, the
 *                     prediction job to write into; {@code null}: outputs come back in the result
 */
public record Round(Split split, int epoch, long firstBatch, int numBatches, long epochBatches,
                    long globalStep, boolean shuffle, PredictionTarget writeTo) implements Serializable {

    /** A round whose outputs, if any, come back in its result. */
    public Round(Split split, int epoch, long firstBatch, int numBatches, long epochBatches, long globalStep, boolean shuffle) {
        this(split, epoch, firstBatch, numBatches, epochBatches, globalStep, shuffle, null);
    }
}

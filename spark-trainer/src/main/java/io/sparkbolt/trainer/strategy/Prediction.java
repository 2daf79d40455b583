package io.sparkbolt.trainer.strategy;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch's predict-step output and the index (in the predict split) of the shard its inputs
 * came from, so outputs computed on many workers can be put back in the input's order and
 * written partitioned as the input is.
 *
 * @param shard  the input shard's index in {@code DataModule.shards(PREDICT)}
 * @param output what {@code predictStep} returned for the batch
 */
public record Prediction(int shard, INDArray output) implements Serializable {
}

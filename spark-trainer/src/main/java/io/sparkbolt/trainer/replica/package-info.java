/**
 * What runs where the data is: ModelReplica runs a round's training, validation, test or predict
 * steps on one worker's copy of the module and network; OptimizerStep accumulates and clips
 * gradients before DL4J's updater, or, in lockstep, sums them over the workers through a
 * GradientReducer first; ShardBatches reads a list of shards as one stream of batches.
 *
 * <p>Internal: used by the Trainer and the strategies, not an API for user code.
 */
@Internal
package io.sparkbolt.trainer.replica;

import io.sparkbolt.trainer.api.Internal;

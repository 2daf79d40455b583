/**
 * What runs where the data is: ModelReplica runs a round's training, validation, test or predict
 * steps on one worker's copy of the module and network; OptimizerStep accumulates and clips
 * gradients before DL4J's updater; ShardBatches reads a list of shards as one stream of batches.
 */
package io.sparkbolt.trainer.replica;

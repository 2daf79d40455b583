/**
 * DL4J networks as the Trainer drives them: Network hides whether it is a MultiLayerNetwork or a
 * ComputationGraph and splits DL4J's fit() into gradient computation and the updater step, so
 * accumulation and clipping belong to the Trainer; Networks builds one from a NetworkSpec with
 * the module's optimiser and the run's seed.
 */
package io.sparkbolt.trainer.network;

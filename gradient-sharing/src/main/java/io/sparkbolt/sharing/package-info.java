/**
 * The shared gradient exchange strategy ({@code strategy: {name: gradient-sharing}}): DL4J's
 * {@code SharedTrainingMaster} (threshold-encoded updates over Aeron) driven by the Sparkbolt
 * Trainer in chunks, so callbacks, validation, loggers and checkpoints run on the driver between
 * chunks. Training data is read from the data module's shards on the executors.
 */
package io.sparkbolt.sharing;

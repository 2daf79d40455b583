/**
 * The user API: what to train. Users extend LightningModule (network, optimiser, steps, hooks)
 * and DataModule (prepareData once on the driver, setup once per JVM, data as serialisable Shards
 * opened where they are read). Batch, StepOutput, LogOptions, Optimizers and NetworkSpec are the
 * values that pass between user code and the Trainer; SparkboltException carries the one-line
 * errors users see.
 */
package io.sparkbolt.trainer.api;

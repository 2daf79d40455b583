/**
 * Sparkbolt's Trainer: how to train. Trainer.builder() takes Lightning's flags (each defined
 * once in TrainerFlag, which gives the builder its defaults, validates YAML and prints the docs'
 * table; validated in TrainerBuilder, kept in TrainerSettings) and runs fit, validate, test and
 * predict on a Strategy; BatchLimit is a batch count or an epoch fraction, as Lightning's limits are.
 * TrainerState is what a checkpoint holds besides the network and puts a Trainer back where it
 * was; CheckpointConnector loads, restores and saves checkpoints for the Trainer, and
 * CheckpointResolver turns {@code ckptPath} ({@code last}, {@code best}, a path) into a file.
 */
package io.sparkbolt.trainer;

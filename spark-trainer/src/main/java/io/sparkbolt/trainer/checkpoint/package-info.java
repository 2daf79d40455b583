/**
 * Checkpoint files: DL4J's ModelSerializer zip, so plain DL4J restores the network, with the
 * Trainer's state beside it as JSON and a SHA-256 over every entry (CheckpointIO). Written
 * atomically over any Hadoop file system, read and verified into a Checkpoint that copies its
 * parameters and optimiser state into a network of the same shape. StateValues keeps doubles
 * exact through JSON; Provenance records the versions a checkpoint was written with.
 */
package io.sparkbolt.trainer.checkpoint;

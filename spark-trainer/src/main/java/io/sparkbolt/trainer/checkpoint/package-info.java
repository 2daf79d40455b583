/**
 * Checkpoint files: DL4J's ModelSerializer zip, so plain DL4J restores the network, with the
 * Trainer's state beside it as JSON (CheckpointState: one record per part, written by Jackson,
 * an immutable snapshot) and a SHA-256 over every entry (CheckpointIO). Written
 * atomically over any Hadoop file system, read and verified into a Checkpoint that copies its
 * parameters and optimiser state into a network of the same shape. StateValues keeps doubles
 * exact through JSON; Provenance records the versions a checkpoint was written with.
 *
 * <p>Internal: used by the Trainer and the strategies, not an API for user code.
 */
@Internal
package io.sparkbolt.trainer.checkpoint;

import io.sparkbolt.trainer.api.Internal;

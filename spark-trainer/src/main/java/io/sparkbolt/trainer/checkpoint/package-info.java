/**
 * Checkpoint files: DL4J's ModelSerializer zip, so plain DL4J restores the network, with the
 * Trainer's state beside it as JSON. Written atomically over any Hadoop file system.
 */
package io.sparkbolt.trainer.checkpoint;

/**
 * Sparkbolt's Trainer: how to train. Trainer.builder() takes Lightning's flags (validated in
 * TrainerBuilder, kept in TrainerSettings) and runs fit, validate, test and predict on a
 * Strategy; BatchLimit is a batch count or an epoch fraction, as Lightning's limits are.
 */
package io.sparkbolt.trainer;

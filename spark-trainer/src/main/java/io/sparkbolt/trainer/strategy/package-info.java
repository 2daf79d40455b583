/**
 * Where the steps run. Strategy is the SPI the loops call (setup, connect, run rounds, teardown);
 * a Round names the batches to run and a RoundResult carries back counts and logged metrics.
 * LocalStrategy runs in this JVM; StrategyProvider lets configs name strategies found on the
 * class path.
 */
package io.sparkbolt.trainer.strategy;

/**
 * Loggers receive hyper-parameters and metrics on the driver. CsvLogger writes
 * <root>/<name>/version_N/metrics.csv and hparams.yaml through Hadoop FileSystem, rewriting whole
 * files because object stores cannot append.
 */
package io.sparkbolt.trainer.loggers;

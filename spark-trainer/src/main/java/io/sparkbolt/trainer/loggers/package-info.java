/**
 * Loggers receive hyper-parameters, the resolved config and metrics on the driver, in
 * {@code <root>/<name>/version_N} directories (LogVersion) on any Hadoop file system. CsvLogger
 * writes metrics.csv, hparams.yaml and config.yaml, rewriting whole files because object stores
 * cannot append; TensorBoardLogger writes TensorBoard event files. A fit resumed from a checkpoint
 * continues the checkpoint's version, dropping what the interrupted run logged after it.
 */
package io.sparkbolt.trainer.loggers;

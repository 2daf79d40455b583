/**
 * {@link io.sparkbolt.mlflow.MLFlowLogger}: a fit's hyper-parameters, metrics (with their steps),
 * tags, resolved config and, with {@code logModel}, its best and last checkpoints, in an MLflow
 * tracking server (a local one, a shared one, or Databricks'), through MLflow's Java client.
 */
package io.sparkbolt.mlflow;

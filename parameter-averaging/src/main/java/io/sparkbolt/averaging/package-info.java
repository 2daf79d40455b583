/**
 * Parameter averaging on Spark: {@link io.sparkbolt.averaging.ParameterAveraging} broadcasts the model
 * each round, runs K steps on every worker of the shared worker layer
 * ({@link io.sparkbolt.trainer.workers.SparkWorkers}), which sums the workers' models on the executors,
 * sets the driver's network to their example-weighted mean, and times each part
 * ({@link io.sparkbolt.averaging.RoundTimings}).
 */
package io.sparkbolt.averaging;

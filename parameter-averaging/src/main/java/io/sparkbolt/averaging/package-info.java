/**
 * Parameter averaging on Spark: {@link io.sparkbolt.averaging.ParameterAveraging} broadcasts the model
 * each round, runs K steps per partition on the executors ({@link io.sparkbolt.averaging.WorkerTask},
 * with warm state in {@link io.sparkbolt.averaging.ExecutorCache}), brings the workers' models back
 * with a typed {@code treeAggregate} ({@link io.sparkbolt.averaging.WorkerResults}) and averages them
 * on the driver ({@link io.sparkbolt.averaging.RoundOutcome}), timing each part
 * ({@link io.sparkbolt.averaging.RoundTimings}).
 */
package io.sparkbolt.averaging;

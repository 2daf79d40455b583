/**
 * Parameter averaging on Spark: {@link io.sparkbolt.averaging.ParameterAveraging} broadcasts the model
 * each round, runs K steps per partition on the executors ({@link io.sparkbolt.averaging.WorkerTask},
 * with warm state in {@link io.sparkbolt.averaging.ExecutorCache}), brings the workers' models back
 * summed on the executors along a fixed tree ({@link io.sparkbolt.averaging.RoundReduction},
 * {@link io.sparkbolt.averaging.RoundSum}), and divides the one sum on the driver, timing each part
 * ({@link io.sparkbolt.averaging.RoundTimings}).
 */
package io.sparkbolt.averaging;

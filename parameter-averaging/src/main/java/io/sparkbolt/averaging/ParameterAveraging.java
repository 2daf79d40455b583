package io.sparkbolt.averaging;

import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import io.sparkbolt.trainer.workers.RoundSum;
import io.sparkbolt.trainer.workers.ExecutorStrategy;
import io.sparkbolt.trainer.workers.SparkWorkers;

/**
 * Synchronous data-parallel training on Spark. Each round broadcasts the model, every partition
 * (one worker each) runs {@code averagingFrequency} optimiser steps on its own next batches, the
 * executors sum the workers' models (weighted by the examples each saw) along a fixed tree
 * ({@link RoundReduction}), and the driver divides the one sum it receives. Validation and test run the same way, their metrics merged.
 *
 * <pre>{@code Trainer.builder().strategy(ParameterAveraging.builder().averagingFrequency(8).build())}</pre>
 *
 * <p>The workers, their placement, data and warm state are {@link SparkWorkers}': executors keep
 * each worker's network and open batch stream between rounds (the worker partitions are cached, so
 * Spark schedules a worker where its state is). With one worker and every step in one round it
 * computes exactly what the local strategy computes.
 */
public final class ParameterAveraging extends ExecutorStrategy {
    private final ParameterAveragingOptions options;
    private final RoundTimings timings = new RoundTimings();

    ParameterAveraging(ParameterAveragingOptions options) {
        super(new SparkWorkers(options.spark(), options.numWorkers(), options.cacheSize(), options.shuffleShards(),
                options.aggregationDepth()));
        this.options = options;
    }

    /** Starts configuring a parameter-averaging strategy. */
    public static ParameterAveragingOptions.Builder builder() {
        return new ParameterAveragingOptions.Builder();
    }

    @Override
    public String name() {
        return "parameter-averaging";
    }

    @Override
    public boolean isDeterministic() {
        return options.averageUpdaterState();
    }

    /** The options in force. */
    public ParameterAveragingOptions options() {
        return options;
    }

    /** Where the time of the rounds so far went. */
    public RoundTimings timings() {
        return timings;
    }

    @Override
    public int trainBatchesPerRound() {
        return options.averagingFrequency() * context().accumulateGradBatches();
    }

    @Override
    protected RoundResult train(Round round) {
        Network network = network();
        long start = System.nanoTime();
        SparkWorkers.WorkerRound done = workers.sum(round, network, options.averageUpdaterState());
        long aggregated = System.nanoTime();
        RoundSum sum = done.sum();
        sum.averageInto(network.params(), options.averageUpdaterState() ? network.updaterState() : null);
        long end = System.nanoTime();
        double compute = sum.maxComputeNanos() / 1e9;
        RoundTimings.Round times = new RoundTimings.Round((done.broadcastDone() - start) / 1e9, compute,
                Math.max(0, (aggregated - done.broadcastDone()) / 1e9 - compute), (end - aggregated) / 1e9);
        timings.add(times);
        times.logInto(sum.metrics());
        RoundTimings.logWorkers(sum.metrics(), sum.workersTrained());
        return sum.toRoundResult();
    }
}

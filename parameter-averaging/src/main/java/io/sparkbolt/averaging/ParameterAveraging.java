package io.sparkbolt.averaging;

import io.sparkbolt.averaging.WorkerSetup.IndexedShard;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.device.ExecutorDevices;
import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.network.Networks;
import io.sparkbolt.trainer.replica.ShardBatches;
import io.sparkbolt.trainer.spark.JavaBytes;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.spark.SparkFailures;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyContext;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Synchronous data-parallel training on Spark. Each round broadcasts the model, every partition
 * (one worker each) runs {@code averagingFrequency} optimiser steps on its own next batches, the
 * executors sum the workers' models (weighted by the examples each saw) along a fixed tree
 * ({@link RoundReduction}), and the driver divides the one sum it receives. Validation and test run the same way, their metrics merged.
 *
 * <pre>{@code Trainer.builder().strategy(ParameterAveraging.builder().averagingFrequency(8).build())}</pre>
 *
 * <p>Executors keep each worker's network and open batch stream between rounds (the worker
 * partitions are cached, so Spark schedules a worker where its state is). With one worker and
 * every step in one round it computes exactly what the local strategy computes.
 */
public final class ParameterAveraging implements Strategy {
    private final ParameterAveragingOptions options;
    private final RoundTimings timings = new RoundTimings();
    private JavaSparkContext spark;
    private StrategyContext context;
    private Network network;
    private int workers;
    private String runId;
    private Broadcast<WorkerSetup> setup;
    private JavaRDD<Integer> workerPartitions;
    private Map<Split, long[]> batchesPerWorker;

    ParameterAveraging(ParameterAveragingOptions options) {
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
    public boolean isDistributed() {
        return true;
    }

    @Override
    public int parallelism() {
        return options.numWorkers() > 0 ? options.numWorkers() : SparkContexts.getOrCreate(options.spark()).defaultParallelism();
    }

    @Override
    public <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function) {
        return ShardPass.run(SparkContexts.getOrCreate(options.spark()), shards, function);
    }

    @Override
    public void setup(StrategyContext newContext) {
        this.context = newContext;
        this.spark = SparkContexts.getOrCreate(options.spark());
        this.workers = options.numWorkers() > 0 ? options.numWorkers() : spark.defaultParallelism();
        this.runId = UUID.randomUUID().toString();
        this.batchesPerWorker = new EnumMap<>(Split.class);
    }

    @Override
    public void connect(Network driverNetwork) {
        this.network = driverNetwork;
        ExecutorDevices.probe(spark, workers, context.devices());
        Map<Split, List<List<IndexedShard>>> assignment = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            List<? extends Shard> shards = context.shardsOf(split);
            List<List<IndexedShard>> perWorker = assign(shards);
            assignment.put(split, perWorker);
            batchesPerWorker.put(split, perWorker.stream()
                    .mapToLong(list -> ShardBatches.count(list.stream().map(IndexedShard::shard).toList(), context.data().batchSize()))
                    .toArray());
        }
        setup = spark.broadcast(new WorkerSetup(runId, context.stage(), JavaBytes.serialize(context.module()), context.data(),
                driverNetwork.configurationJson(), Networks.isGraph(driverNetwork), context.accumulateGradBatches(),
                context.clipping(), context.seed(), assignment, options.cacheSize(), options.shuffleShards()));
        workerPartitions = spark.parallelize(IntStream.range(0, workers).boxed().toList(), workers)
                .setName("sparkbolt workers " + runId)
                .persist(StorageLevel.MEMORY_ONLY());
        workerPartitions.count(); // materialise, so later rounds prefer the executors holding each worker
    }

    /** Shard i goes to worker i mod workers, keeping its index in the split. */
    private List<List<IndexedShard>> assign(List<? extends Shard> shards) {
        List<List<IndexedShard>> perWorker = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            perWorker.add(new ArrayList<>());
        }
        for (int i = 0; i < shards.size(); i++) {
            perWorker.get(i % workers).add(new IndexedShard(i, shards.get(i)));
        }
        return perWorker;
    }

    @Override
    public int trainBatchesPerRound() {
        return options.averagingFrequency() * context.accumulateGradBatches();
    }

    @Override
    public int evalBatchesPerRound() {
        return Integer.MAX_VALUE;
    }

    @Override
    public long batchesPerEpoch(Split split) {
        long[] counts = batchesPerWorker.getOrDefault(split, new long[0]);
        long most = 0;
        for (long count : counts) {
            if (count < 0) {
                return -1;
            }
            most = Math.max(most, count);
        }
        return most;
    }

    @Override
    public RoundResult run(Round round) {
        long start = System.nanoTime();
        boolean training = round.split() == Split.TRAIN;
        Broadcast<RoundState> state = spark.broadcast(new RoundState(round, PackedArray.of(network.params()),
                training && options.averageUpdaterState() ? PackedArray.of(network.updaterState()) : null));
        long broadcast = System.nanoTime();
        RoundSum sum;
        try {
            sum = RoundReduction.reduce(workerPartitions.mapPartitions(new WorkerTask(setup, state)), workers, options.aggregationDepth());
        } catch (Exception e) { // Spark's SparkException is checked, and thrown from Scala without a declaration
            throw SparkFailures.explain(e, round);
        } finally {
            state.destroy();
        }
        long aggregated = System.nanoTime();
        if (training) {
            sum.averageInto(network.params(), options.averageUpdaterState() ? network.updaterState() : null);
        }
        long end = System.nanoTime();
        MetricCollector metrics = sum.metrics();
        if (training) {
            double compute = sum.maxComputeNanos() / 1e9;
            RoundTimings.Round times = new RoundTimings.Round((broadcast - start) / 1e9, compute,
                    Math.max(0, (aggregated - broadcast) / 1e9 - compute), (end - aggregated) / 1e9);
            timings.add(times);
            times.logInto(metrics);
        }
        return sum.toRoundResult();
    }

    /**
     * Reads the workers' batches on executors as this strategy does (after {@link #connect}), for
     * a strategy that trains another way on the same data.
     */
    public ShardReader shardReader() {
        if (setup == null) {
            throw new IllegalStateException("shardReader() before connect()");
        }
        return new ShardReader(setup);
    }

    /** The number of workers (partitions), known after {@link #setup}. */
    public int workers() {
        return workers;
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public void teardown() {
        if (workerPartitions != null) {
            workerPartitions.foreachPartition(new ReleaseTask(runId));
            workerPartitions.unpersist(false);
            workerPartitions = null;
        }
        if (setup != null) {
            setup.destroy();
            setup = null;
        }
    }
}

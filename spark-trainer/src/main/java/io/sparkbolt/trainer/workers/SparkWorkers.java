package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.workers.WorkerSetup.IndexedShard;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.device.ExecutorDevices;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.network.Networks;
import io.sparkbolt.trainer.replica.ShardBatches;
import io.sparkbolt.trainer.spark.JavaBytes;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.spark.SparkFailures;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
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
 * What every strategy that trains on Spark executors shares: the workers (one partition each, the
 * cached RDD that keeps a worker where its warm state is), shard i assigned to worker i mod N, the
 * setup broadcast (module, data module, network configuration, assignment), rounds run on every
 * worker from the driver's network and summed on the executors ({@link RoundReduction}), passes
 * over the shards for {@code prepareData}, and the {@link ShardReader} that reads the workers'
 * batches, with their open streams, for a strategy that trains another way. Parameter averaging
 * trains with it, ddp with its lockstep rounds ({@link #lockstep}); gradient sharing evaluates and
 * reads data with it.
 */
public final class SparkWorkers {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SparkWorkers.class);

    private final SparkSettings settings;
    private final int requestedWorkers;
    private final int cacheSize;
    private final boolean shuffleShards;
    private final int aggregationDepth;
    private final Map<Split, long[]> batchesPerWorker = new EnumMap<>(Split.class);
    private JavaSparkContext spark;
    private StrategyContext context;
    private int workers;
    private String runId;
    private Broadcast<WorkerSetup> setup;
    private JavaRDD<Integer> partitions;
    private LockstepExchange lastExchange;

    /**
     * @param settings         the Spark context to create when none is active
     * @param numWorkers       workers (partitions); 0: the context's default parallelism
     * @param cacheSize        worker states an executor JVM keeps between rounds
     * @param shuffleShards    reorder each worker's shards every epoch (seeded)
     * @param aggregationDepth depth of the reduction tree
     */
    public SparkWorkers(SparkSettings settings, int numWorkers, int cacheSize, boolean shuffleShards, int aggregationDepth) {
        this.settings = settings;
        this.requestedWorkers = numWorkers;
        this.cacheSize = cacheSize;
        this.shuffleShards = shuffleShards;
        this.aggregationDepth = aggregationDepth;
    }

    /** The number of workers a fit would use. */
    public int parallelism() {
        return requestedWorkers > 0 ? requestedWorkers : SparkContexts.getOrCreate(settings).defaultParallelism();
    }

    /** Applies {@code function} to every shard in Spark tasks; the small results come back in shard order. */
    public <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function) {
        return ShardPass.run(SparkContexts.getOrCreate(settings), shards, function);
    }

    /** Takes the entry point's context: the Spark context, the number of workers, a new run id. */
    public void setup(StrategyContext newContext) {
        this.context = newContext;
        this.spark = SparkContexts.getOrCreate(settings);
        this.workers = requestedWorkers > 0 ? requestedWorkers : spark.defaultParallelism();
        this.runId = UUID.randomUUID().toString();
        this.batchesPerWorker.clear();
    }

    /**
     * Checks the executors' devices, assigns the shards, broadcasts the setup and places the workers
     * (materialised, so later rounds prefer the executors that hold each worker's state).
     */
    public void connect(Network driverNetwork) {
        ExecutorDevices.probe(spark, workers, context.devices());
        Map<Split, List<List<IndexedShard>>> assignment = new EnumMap<>(Split.class);
        for (Split split : Split.values()) {
            List<List<IndexedShard>> perWorker = assign(context.shardsOf(split));
            assignment.put(split, perWorker);
            batchesPerWorker.put(split, perWorker.stream()
                    .mapToLong(list -> ShardBatches.count(list.stream().map(IndexedShard::shard).toList(), context.data().batchSize()))
                    .toArray());
        }
        if (context.stage() == Stage.FIT) { // validate, test and predict read no training rows
            warnIdleWorkers(assignment.get(Split.TRAIN), batchesPerWorker.get(Split.TRAIN));
        }
        setup = spark.broadcast(new WorkerSetup(runId, context.stage(), JavaBytes.serialize(context.module()), context.data(),
                driverNetwork.configurationJson(), Networks.isGraph(driverNetwork), context.accumulateGradBatches(), context.logEveryNSteps(),
                context.clipping(), context.seed(), assignment, cacheSize, shuffleShards));
        partitions = spark.parallelize(IntStream.range(0, workers).boxed().toList(), workers)
                .setName("sparkbolt workers " + runId)
                .persist(StorageLevel.MEMORY_ONLY());
        partitions.count();
    }

    /** Names every worker that has no training rows to read: it would wait out every round. */
    private void warnIdleWorkers(List<List<IndexedShard>> train, long[] batches) {
        for (int w = 0; w < workers; w++) {
            if (train.get(w).isEmpty() || batches[w] == 0) {
                LOG.warn("worker {} of {} received no training rows (the data has {} training shard(s)): it trains nothing in any round;"
                        + " give fewer workers (numWorkers) or data in more pieces", w, workers, context.shardsOf(Split.TRAIN).size());
            }
        }
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

    /** Batches the busiest worker reads from {@code split} in one epoch, or -1 when unknown. */
    public long batchesPerEpoch(Split split) {
        long most = 0;
        for (long count : batchesPerWorker.getOrDefault(split, new long[0])) {
            if (count < 0) {
                return -1;
            }
            most = Math.max(most, count);
        }
        return most;
    }

    /**
     * Runs {@code round} on every worker from {@code network}'s parameters (and its updater state
     * when {@code withUpdater}) and brings back the workers' sum, with when the broadcast was done.
     */
    public WorkerRound sum(Round round, Network network, boolean withUpdater) {
        Broadcast<RoundState> state = spark.broadcast(new RoundState(round, PackedArray.of(network.params()),
                withUpdater ? PackedArray.of(network.updaterState()) : null));
        long broadcast = System.nanoTime();
        try {
            return new WorkerRound(RoundReduction.reduce(partitions.mapPartitions(new WorkerTask(setup, state)), workers, aggregationDepth),
                    broadcast);
        } catch (Exception e) { // Spark's SparkException is checked, and thrown from Scala without a declaration
            throw SparkFailures.explain(e, round);
        } finally {
            state.destroy();
        }
    }

    /**
     * Runs a training round in lockstep: one task per worker in a barrier stage, all at once, each
     * optimiser step's gradient summed across them by {@code exchange}. The replicas stay identical,
     * so {@code network} takes worker 0's parameters and updater state; the workers' counts and
     * metrics come back merged in worker order.
     */
    public RoundResult lockstep(Round round, Network network, LockstepExchange exchange) {
        lastExchange = exchange;
        Broadcast<RoundState> state = spark.broadcast(new RoundState(round, PackedArray.of(network.params()),
                PackedArray.of(network.updaterState())));
        try {
            List<WorkerResult> results = new ArrayList<>(lockstepStage(round, state, exchange));
            BarrierTimers.useDaemonCoordinatorTimer(spark.sc()); // so a program that trained in local mode can exit
            results.sort(java.util.Comparator.comparingInt(WorkerResult::worker));
            WorkerResult first = results.get(0);
            first.params().copyInto(network.params());
            first.updater().copyInto(network.updaterState());
            return RoundSum.inOrder(results.stream().map(r -> RoundSum.of(r.withoutModel())).toList()).toRoundResult();
        } catch (Exception e) { // Spark's SparkException is checked, and thrown from Scala without a declaration
            throw SparkFailures.explain(e, round);
        } finally {
            state.destroy();
        }
    }

    /**
     * The round's barrier stage, submitted again whole when a task fails (Spark aborts a failed
     * barrier result stage instead of re-running it) as often as Spark would try a task; each run
     * starts from the same broadcast model, so a re-run ends with the same bits.
     */
    private List<WorkerResult> lockstepStage(Round round, Broadcast<RoundState> state, LockstepExchange exchange) throws Exception {
        int attempts = BarrierStage.attempts(spark);
        for (int attempt = 0; ; attempt++) {
            try {
                return BarrierStage.collect(partitions, new LockstepTask(setup, state, workers, exchange, attempt), WorkerResult.class);
            } catch (Exception e) { // Spark's SparkException is checked, and thrown from Scala without a declaration
                if (attempt + 1 >= attempts) {
                    throw e;
                }
                LOG.warn("the barrier stage of a {} round (epoch {}, batch {}) failed ({}); running it again, all {} workers together"
                        + " ({} of {})", round.split().prefix(), round.epoch(), round.firstBatch(), firstLine(e), workers, attempt + 2,
                        attempts);
            }
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** Training batches each worker holds in an epoch, by worker (after {@link #connect}). */
    public long[] trainBatchesByWorker() {
        return batchesPerWorker.getOrDefault(Split.TRAIN, new long[0]).clone();
    }

    /** A validation, test or predict round on every worker: their metrics and outputs merged. */
    public RoundResult evaluate(Round round, Network network) {
        return sum(round, network, false).sum().toRoundResult();
    }

    /** A round's sum and the time its broadcast was done ({@link System#nanoTime()}). */
    public record WorkerRound(RoundSum sum, long broadcastDone) {
    }

    /** Reads the workers' batches on executors as the rounds do (after {@link #connect}). */
    public ShardReader shardReader() {
        if (setup == null) {
            throw new IllegalStateException("shardReader() before connect()");
        }
        return new ShardReader(setup);
    }

    /** The workers' partitions, one each, cached (after {@link #connect}). */
    public JavaRDD<Integer> partitions() {
        return partitions;
    }

    /** Releases the executors' warm state and the broadcast. */
    public void teardown() {
        if (partitions != null) {
            partitions.foreachPartition(new ReleaseTask(runId, lastExchange));
            lastExchange = null;
            partitions.unpersist(false);
            partitions = null;
        }
        if (setup != null) {
            setup.destroy();
            setup = null;
        }
    }
}

package io.sparkbolt.sharing;

import io.sparkbolt.averaging.ParameterAveragingOptions;
import io.sparkbolt.trainer.workers.ExecutorStrategy;
import io.sparkbolt.trainer.workers.SparkWorkers;
import io.sparkbolt.trainer.workers.ShardReader;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.spark.SparkFailures;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import io.sparkbolt.trainer.strategy.StrategyContext;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;

/**
 * Shared gradient exchange on Spark: DL4J's {@code SharedTrainingMaster}, where every executor
 * trains continuously and sends its threshold-encoded updates to the others over Aeron, driven by
 * the Trainer in chunks of {@code chunkSteps} steps per worker. Between chunks the driver's model
 * is current (kept so by the update stream, its updater state averaged from the executors), and
 * callbacks, validation, loggers and checkpoints run on it; early stopping, {@code maxSteps} and
 * {@code maxTime} take effect at chunk boundaries.
 *
 * <pre>{@code Trainer.builder().strategy(GradientSharing.builder().chunkSteps(128).build())}</pre>
 *
 * <p>Training batches are read from the data module's shards on the executors, as parameter
 * averaging reads them ({@link SparkWorkers}); validation, test and predict rounds are the workers' evaluation
 * rounds (the model broadcast, results merged). Updates are applied asynchronously, so runs are
 * not bit-reproducible ({@link #isDeterministic()} is false); a checkpoint still restores the
 * parameters, updater state, counters and callback state.
 */
public final class GradientSharing extends ExecutorStrategy {
    /** Per step, never reduced over the epoch: each chunk's own numbers. */
    private static final LogOptions PER_CHUNK = LogOptions.defaults().onStep(true).onEpoch(false);

    private final GradientSharingOptions options;
    private JavaSparkContext spark;
    private SharedTraining training;

    /** The workers, their data and the evaluation rounds are parameter averaging's (SparkWorkers). */
    GradientSharing(GradientSharingOptions options) {
        super(new SparkWorkers(options.spark(), options.numWorkers(), ParameterAveragingOptions.DEFAULT_CACHE_SIZE,
                options.shuffleShards(), ParameterAveragingOptions.DEFAULT_AGGREGATION_DEPTH));
        this.options = options;
    }

    /** Starts configuring a gradient-sharing strategy. */
    public static GradientSharingOptions.Builder builder() {
        return new GradientSharingOptions.Builder();
    }

    /** The options in force. */
    public GradientSharingOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "gradient-sharing";
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }

    @Override
    public void setup(StrategyContext newContext) {
        if (newContext.stage() == Stage.FIT) {
            SupportedSteps.check(newContext);
        }
        this.spark = SparkContexts.getOrCreate(options.spark());
        super.setup(newContext);
    }

    @Override
    public void connect(Network driverNetwork) {
        if (context().stage() == Stage.FIT && training == null) {
            DriverExchange.checkPort(options, spark); // fail before the fit writes its logs, not at the first chunk
        }
        super.connect(driverNetwork);
    }

    @Override
    public int trainBatchesPerRound() {
        return options.chunkSteps();
    }

    @Override
    protected RoundResult train(Round round) {
        Network network = network();
        if (training == null) {
            training = new SharedTraining(options, spark, network, context().data().batchSize());
        }
        network.setEpoch(round.epoch());
        ShardReader reader = workers.shardReader();
        JavaRDD<DataSet> chunk = workers.partitions().mapPartitions(new ChunkReader(reader, round))
                .setName("sparkbolt chunk epoch " + round.epoch() + " batch " + round.firstBatch())
                .persist(ChunkedTrainingMaster.CHUNK_STORAGE);
        try {
            long start = System.nanoTime();
            List<long[]> perWorker = chunk.mapPartitions(new ChunkCount()).collect();
            long read = System.nanoTime();
            long most = perWorker.stream().mapToLong(counts -> counts[0]).max().orElse(0);
            long examples = perWorker.stream().mapToLong(counts -> counts[1]).sum();
            if (most == 0) {
                return new RoundResult(0, 0, 0, 0, 0, new MetricCollector(), List.of(), true);
            }
            double loss = training.train(chunk);
            long trained = System.nanoTime();
            MetricCollector metrics = new MetricCollector();
            metrics.log("train_loss", loss, examples, LogOptions.progBar(), Split.TRAIN);
            // Where a chunk's time goes: reading its batches from the shards into the executors'
            // cache, then DL4J's training with the exchange (and the driver's update of its copy).
            metrics.log("chunk_read_s", (read - start) / 1e9, 1, PER_CHUNK, Split.TRAIN);
            metrics.log("chunk_train_s", (trained - read) / 1e9, 1, PER_CHUNK, Split.TRAIN);
            boolean exhausted = most < round.numBatches()
                    || (round.epochBatches() >= 0 && round.firstBatch() + most >= round.epochBatches());
            return new RoundResult((int) most, (int) most, examples, loss, 1, metrics, List.of(), exhausted);
        } catch (Exception e) { // Spark's SparkException is checked, and thrown from Scala without a declaration
            throw SparkFailures.explain(e, "the gradient-sharing chunk at epoch " + round.epoch() + ", batch " + round.firstBatch());
        } finally {
            chunk.unpersist(false);
        }
    }

    @Override
    public void teardown() {
        if (training != null && workers.partitions() != null) {
            workers.partitions().foreachPartition(new ReleaseExchange());
        }
        workers.teardown();
        if (training != null) {
            training = null;
            // Frees the controller's port, so the next fit (or another application) can listen there.
            ModelParameterServer.getInstance().shutdown();
        }
    }
}

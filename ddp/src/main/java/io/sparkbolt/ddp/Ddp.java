package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import io.sparkbolt.trainer.strategy.StrategyContext;
import io.sparkbolt.trainer.workers.ExecutorStrategy;
import io.sparkbolt.trainer.workers.SparkWorkers;

/**
 * Lightning's {@code ddp} on Spark: every optimiser step, each worker computes its batch's
 * gradient, the workers sum gradients and example counts over a ring, and every worker applies
 * the same update, so the replicas stay identical without exchanging parameters (N workers ×
 * batch b train as one worker with batch N·b). The steps run in segments of {@code segmentSteps},
 * each one Spark barrier stage with one task per worker; between segments worker 0's model comes
 * back and the driver runs callbacks, loggers, validation and checkpoints on it.
 *
 * <pre>{@code Trainer.builder().strategy(Ddp.builder().numWorkers(4).build())}</pre>
 *
 * <p>Deterministic: the ring sums in an order fixed by the workers' numbers, so the same seed and
 * data give the same bits, and a segment run again after a failure starts from its broadcast
 * model and ends with the same bits. Validation, test and predict run as parameter averaging's
 * evaluation rounds.
 */
public final class Ddp extends ExecutorStrategy {
    private static final LogOptions PER_SEGMENT = LogOptions.defaults().onStep(true).onEpoch(false);

    private final DdpOptions options;
    private RingExchange exchange;

    Ddp(DdpOptions options) {
        super(new SparkWorkers(options.spark(), options.numWorkers(), options.cacheSize(), options.shuffleShards(), 2));
        this.options = options;
    }

    /** Starts configuring a {@code ddp} strategy. */
    public static DdpOptions.Builder builder() {
        return new DdpOptions.Builder();
    }

    /** The options in force. */
    public DdpOptions options() {
        return options;
    }

    @Override
    public String name() {
        return "ddp";
    }

    @Override
    public void setup(StrategyContext newContext) {
        super.setup(newContext);
        this.exchange = new RingExchange(RingHandshake.newSecret(), options.timeoutSeconds());
    }

    @Override
    public void connect(Network driverNetwork) {
        StrategyContext context = context();
        if (context.stage() == Stage.FIT) {
            BarrierPlacement.require(SparkContexts.getOrCreate(options.spark()), workers.parallelism(), options.timeoutSeconds());
        }
        super.connect(driverNetwork);
        if (context.stage() == Stage.FIT) {
            long[] batches = workers.trainBatchesByWorker();
            for (int worker = 0; worker < batches.length; worker++) {
                if (batches[worker] == 0) {
                    throw new SparkboltException("ddp: worker " + worker + " of " + batches.length + " has no training batch (the data has "
                            + context.shardsOf(Split.TRAIN).size() + " training shards, shard i goes to worker i mod " + batches.length
                            + "): give the data module at least numWorkers shards, or lower numWorkers");
                }
            }
        }
    }

    @Override
    public int trainBatchesPerRound() {
        return options.segmentSteps() * context().accumulateGradBatches();
    }

    /** A segment ends at the next validation, step-scheduled checkpoint or {@code maxSteps}: every replica holds the same model after any step. */
    @Override
    public boolean endsRoundsWhereTheDriverIsNeeded() {
        return true;
    }

    @Override
    protected RoundResult train(Round round) {
        long start = System.nanoTime();
        RoundResult result = workers.lockstep(round, network(), exchange);
        result.metrics().log("segment_s", (System.nanoTime() - start) / 1e9, 1, PER_SEGMENT, Split.TRAIN);
        return result;
    }
}

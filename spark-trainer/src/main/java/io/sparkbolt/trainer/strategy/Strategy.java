package io.sparkbolt.trainer.strategy;

import io.sparkbolt.trainer.api.DataContext;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.network.Network;
import java.io.Serializable;
import java.util.List;

/**
 * Where and how the steps run: in this JVM ({@link LocalStrategy}), or on Spark executors kept in
 * sync by parameter averaging or a gradient exchange. The Trainer's loops only ask for
 * {@link Round}s and never touch Spark types; a strategy only adds distribution.
 *
 * <p>Life cycle per entry point: {@link #setup(StrategyContext)}, {@link #connect(Network)}, any
 * number of {@link #run(Round)}, {@link #teardown()}.
 */
public interface Strategy {

    /** The name used in configs and logs, e.g. {@code local}. */
    String name();

    /** Whether the same seed and data give bit-identical parameters (an asynchronous exchange does not). */
    default boolean isDeterministic() {
        return true;
    }

    /** Whether {@link #mapShards} and the rounds run on other JVMs (Spark executors). */
    default boolean isDistributed() {
        return false;
    }

    /**
     * How many workers read data in parallel, so a data module can cut at least that many shards.
     * Default: 1.
     */
    default int parallelism() {
        return 1;
    }

    /**
     * Runs a read-only pass over {@code shards} where this strategy reads data (executors for a
     * Spark strategy) and returns the per-shard results in order. Called from
     * {@code DataModule.prepareData()}, before {@link #setup(StrategyContext)}. Default: in this JVM.
     */
    default <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function) {
        return DataContext.mapInThisJvm(shards, function);
    }

    /** Prepares the workers: calls {@code DataModule.setup(stage)} once in each JVM that reads data. */
    void setup(StrategyContext context);

    /** Hands over the network built (or trained) on the driver: the parameters every worker starts from. */
    void connect(Network network);

    /** How many batches (per worker) one training round runs. */
    int trainBatchesPerRound();

    /**
     * Whether a training round ends early at the next step where the driver needs the model: a
     * validation, a step-scheduled checkpoint, {@code maxSteps}. True for a strategy whose replicas
     * agree after every step and whose rounds are long ({@code ddp}'s segments); parameter
     * averaging keeps its K steps, since averaging at other steps would change the result.
     */
    default boolean endsRoundsWhereTheDriverIsNeeded() {
        return false;
    }

    /** How many batches (per worker) one validation, test or predict round runs. */
    int evalBatchesPerRound();

    /** Batches each worker reads from {@code split} in one epoch, or -1 when unknown. */
    long batchesPerEpoch(Split split);

    /** Runs one round on every worker and returns the merged result. */
    RoundResult run(Round round);

    /** The model as of the last round (after synchronisation, for distributed strategies). */
    Network network();

    /** Ends the entry point: {@code DataModule.teardown(stage)} where it was set up, caches released. */
    void teardown();
}

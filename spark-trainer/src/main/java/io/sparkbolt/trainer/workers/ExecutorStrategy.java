package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyContext;
import java.io.Serializable;
import java.util.List;

/**
 * What every strategy that trains on Spark executors does the same way: its workers are
 * {@link SparkWorkers}' (placement, shard passes, set-up, evaluation rounds, teardown), and only
 * its training rounds differ ({@link #train}): averaged models, a lockstep ring, DL4J's exchange.
 */
public abstract class ExecutorStrategy implements Strategy {
    /** The workers this strategy trains and evaluates on. */
    protected final SparkWorkers workers;
    private StrategyContext context;
    private Network network;

    protected ExecutorStrategy(SparkWorkers workers) {
        this.workers = workers;
    }

    /** Runs one training round on every worker, from and into {@link #network()}. */
    protected abstract RoundResult train(Round round);

    @Override
    public final boolean isDistributed() {
        return true;
    }

    @Override
    public int parallelism() {
        return workers.parallelism();
    }

    @Override
    public <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function) {
        return workers.mapShards(shards, function);
    }

    @Override
    public void setup(StrategyContext newContext) {
        this.context = newContext;
        workers.setup(newContext);
    }

    @Override
    public void connect(Network driverNetwork) {
        this.network = driverNetwork;
        workers.connect(driverNetwork);
    }

    @Override
    public int evalBatchesPerRound() {
        return Integer.MAX_VALUE; // an evaluation round reads every worker's whole split
    }

    @Override
    public long batchesPerEpoch(Split split) {
        return workers.batchesPerEpoch(split);
    }

    /** Training rounds run as the strategy trains; validation, test and predict rounds on every worker, their results merged. */
    @Override
    public final RoundResult run(Round round) {
        return round.split() == Split.TRAIN ? train(round) : workers.evaluate(round, network);
    }

    @Override
    public Network network() {
        return network;
    }

    /** The entry point's context (after {@link #setup}). */
    protected StrategyContext context() {
        return context;
    }

    @Override
    public void teardown() {
        workers.teardown();
    }
}

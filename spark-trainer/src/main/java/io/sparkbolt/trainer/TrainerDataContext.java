package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.DataContext;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.strategy.Strategy;
import java.io.Serializable;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The {@link DataContext} of one entry point: passes over shards go to the Trainer's strategy. */
final class TrainerDataContext implements DataContext {
    private final Stage stage;
    private final long seed;
    private final Strategy strategy;
    private final Supplier<String> logDir;

    TrainerDataContext(Stage stage, long seed, Strategy strategy, Supplier<String> logDir) {
        this.stage = stage;
        this.seed = seed;
        this.strategy = strategy;
        this.logDir = logDir;
    }

    @Override
    public Stage stage() {
        return stage;
    }

    @Override
    public long seed() {
        return seed;
    }

    @Override
    public Optional<String> logDir() {
        return Optional.ofNullable(logDir.get());
    }

    @Override
    public boolean distributed() {
        return strategy.isDistributed();
    }

    @Override
    public int parallelism() {
        return strategy.parallelism();
    }

    @Override
    public <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function) {
        return strategy.mapShards(shards, function);
    }
}

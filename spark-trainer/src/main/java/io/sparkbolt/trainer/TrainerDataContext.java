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

/**
 * The {@link DataContext} of one entry point: passes over shards go to the Trainer's strategy.
 *
 * @param stage    the entry point
 * @param seed     the run's seed
 * @param strategy where data is read
 * @param loggerDir the first logger's directory, or {@code null} without one
 */
record TrainerDataContext(Stage stage, long seed, Strategy strategy, Supplier<String> loggerDir) implements DataContext {

    @Override
    public Optional<String> logDir() {
        return Optional.ofNullable(loggerDir.get());
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

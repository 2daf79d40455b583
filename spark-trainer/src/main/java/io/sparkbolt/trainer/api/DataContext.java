package io.sparkbolt.trainer.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the Trainer tells a {@link DataModule} before {@link DataModule#prepareData()}: the entry
 * point, the run's seed, where the logs go, and a way to run a pass over shards where the data
 * lives (a Spark job under a Spark strategy), as Lightning's {@code datamodule.trainer}.
 */
public interface DataContext {

    /** The entry point being prepared ({@code fit}, {@code test}, ...). */
    Stage stage();

    /** The run's seed. */
    long seed();

    /** The directory of the run's logs, when there is a logger that has one. */
    Optional<String> logDir();

    /** Whether {@link #mapShards} runs on Spark executors rather than in this JVM. */
    boolean distributed();

    /** How many workers read data in parallel: cut at least this many shards so none idles. */
    int parallelism();

    /**
     * Applies {@code function} to every shard, where the data is read, and returns the results in
     * shard order. Only the (small) results come back to the driver.
     */
    <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function);

    /** A context for a data module used outside a Trainer: passes run in this JVM. */
    static DataContext standalone(Stage stage, long seed) {
        return new Standalone(stage, seed);
    }

    /** What {@link #standalone} returns: no logs, one worker, passes in this JVM. */
    record Standalone(Stage stage, long seed) implements DataContext {
        @Override
        public Optional<String> logDir() {
            return Optional.empty();
        }

        @Override
        public boolean distributed() {
            return false;
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public <R extends Serializable> List<R> mapShards(List<? extends Shard> shards, ShardFunction<R> function) {
            return mapInThisJvm(shards, function);
        }
    }

    /** Runs a pass shard after shard in this JVM; what strategies without executors do. */
    static <R extends Serializable> List<R> mapInThisJvm(List<? extends Shard> shards, ShardFunction<R> function) {
        List<R> results = new ArrayList<>(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            results.add(function.apply(shards.get(i), i));
        }
        return results;
    }
}

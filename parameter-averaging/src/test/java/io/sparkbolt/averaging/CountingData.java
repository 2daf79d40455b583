package io.sparkbolt.averaging;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * Synthetic data that counts, in static fields (one JVM in local mode), how often the Trainer
 * called each part, and that refuses to be read outside a Spark task when asked to.
 */
public final class CountingData extends DataModule {
    public static final AtomicInteger PREPARES = new AtomicInteger();
    public static final Map<Stage, AtomicInteger> SETUPS = new ConcurrentHashMap<>();
    public static final Map<Stage, AtomicInteger> TEARDOWNS = new ConcurrentHashMap<>();
    public static final AtomicInteger OPENS = new AtomicInteger();

    private final SyntheticData data;
    private final boolean tasksOnly;

    public CountingData(int batchSize, int train, int val, int shards, boolean tasksOnly) {
        this.data = new SyntheticData(batchSize, train, val, shards);
        this.tasksOnly = tasksOnly;
    }

    public static void reset() {
        PREPARES.set(0);
        SETUPS.clear();
        TEARDOWNS.clear();
        OPENS.set(0);
    }

    @Override
    public void prepareData() {
        PREPARES.incrementAndGet();
    }

    @Override
    public void setup(Stage stage) {
        SETUPS.computeIfAbsent(stage, s -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void teardown(Stage stage) {
        TEARDOWNS.computeIfAbsent(stage, s -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public int batchSize() {
        return data.batchSize();
    }

    @Override
    public Optional<DataShape> shape() {
        return data.shape();
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        return data.shards(split);
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        if (tasksOnly && TaskContext.get() == null) {
            throw new IllegalStateException("opened " + shard.describe() + " outside a Spark task, on thread "
                    + Thread.currentThread().getName());
        }
        OPENS.incrementAndGet();
        return data.open(shard, read);
    }
}

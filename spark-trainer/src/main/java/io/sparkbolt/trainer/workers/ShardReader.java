package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.device.TaskDevice;
import io.sparkbolt.trainer.strategy.Round;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;

/**
 * Executor-side access to the workers' batches as parameter averaging reads them: the same
 * shard assignment and per-epoch order, {@code DataModule.setup} once per JVM and stage, and each
 * worker's open stream kept between rounds. For strategies that train another way (gradient
 * sharing) but must read data exactly as this one does. Serializable; use it inside Spark tasks.
 */
public final class ShardReader implements Serializable {
    private final Broadcast<WorkerSetup> setup;

    ShardReader(Broadcast<WorkerSetup> setup) {
        this.setup = setup;
    }

    /**
     * The next batches of {@code worker} for {@code round}: at most {@code round.numBatches()},
     * fewer when its shards run out. The worker's stream then stands after the last one returned.
     */
    public List<Batch> take(int worker, Round round) {
        ExecutorCache.RunCache cache = ExecutorCache.forRun(setup.value());
        WorkerState state = cache.worker(worker, TaskDevice.pin().device());
        try {
            Iterator<Batch> batches = state.batchesFor(setup.value(), round);
            List<Batch> taken = new ArrayList<>();
            while (taken.size() < round.numBatches() && batches.hasNext()) {
                taken.add(batches.next());
            }
            state.readUpTo(round.firstBatch() + taken.size());
            return taken;
        } catch (RuntimeException | Error e) {
            cache.evict(worker); // a retry must re-read from the shard, not from a half-consumed stream
            throw e;
        }
    }
}

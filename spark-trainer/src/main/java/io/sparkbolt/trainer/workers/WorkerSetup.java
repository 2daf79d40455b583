package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.replica.GradientClipping;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What every executor needs for one entry point, broadcast once: the module (as bytes, so each
 * worker deserialises its own copy), the data module (shared per JVM), the network configuration,
 * the step settings and which shards each worker reads.
 *
 * @param runId        identifies this entry point's state in executor caches
 * @param networkJson  the DL4J configuration, optimiser and seed applied
 * @param graph        whether the network is a ComputationGraph
 * @param shards       per split, per worker: the shards (with their global indices) it reads
 * @param cacheSize    worker states an executor JVM keeps between rounds; 0 streams every round
 * @param logEveryNSteps steps between the loggers' rows, which a lockstep segment keeps as it goes
 */
record WorkerSetup(String runId, Stage stage, byte[] moduleBytes, DataModule data, String networkJson, boolean graph,
                   int accumulateGradBatches, int logEveryNSteps, GradientClipping clipping, long seed,
                   Map<Split, List<List<IndexedShard>>> shards, int cacheSize, boolean shuffleShards)
        implements Serializable {

    /** A shard and its position in its split, which seeds its shuffling. */
    record IndexedShard(int index, Shard shard) implements Serializable {
    }

    /** The shards worker {@code worker} reads from {@code split}. */
    List<IndexedShard> shardsOf(Split split, int worker) {
        List<List<IndexedShard>> perWorker = shards.get(split);
        return perWorker == null ? List.of() : perWorker.get(worker);
    }
}

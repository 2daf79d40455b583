package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.workers.WorkerSetup.IndexedShard;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.network.Networks;
import io.sparkbolt.trainer.replica.ModelReplica;
import io.sparkbolt.trainer.replica.Seeds;
import io.sparkbolt.trainer.replica.ShardBatches;
import io.sparkbolt.trainer.spark.JavaBytes;
import io.sparkbolt.trainer.strategy.Round;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * One worker's warm state in an executor JVM: its own copy of the module, the built network, and
 * the open batch stream of the split it last read, so the next round continues where the last
 * stopped instead of re-reading the shard.
 */
final class WorkerState {
    private final int worker;
    private final int device;
    private final ModelReplica replica;
    private Split split;
    private int epoch = -1;
    private long nextBatch = -1;
    private Iterator<Batch> batches;

    /** Builds the worker's module and network on {@code device}, the CUDA device the calling thread is pinned to (-1: CPU). */
    WorkerState(WorkerSetup setup, int worker, int device) {
        this.worker = worker;
        this.device = device;
        LightningModule module = JavaBytes.deserialize(setup.moduleBytes(), LightningModule.class, "the module on the executor");
        Network network = Networks.fromJson(setup.networkJson(), setup.graph());
        this.replica = new ModelReplica(module, network, setup.accumulateGradBatches(), setup.clipping(),
                setup.data().shape());
    }

    /** The CUDA device this state's arrays live on; -1 on the CPU backend. */
    int device() {
        return device;
    }

    ModelReplica replica() {
        return replica;
    }

    /** The worker's batches for {@code round}: the open stream when it stopped exactly there, else a fresh one skipped forward. */
    Iterator<Batch> batchesFor(WorkerSetup setup, Round round) {
        if (batches != null && split == round.split() && epoch == round.epoch() && nextBatch == round.firstBatch()) {
            return batches;
        }
        List<IndexedShard> shards = orderedShards(setup, round);
        DataModule data = setup.data();
        ShardBatches fresh = new ShardBatches(data, shards.stream().map(IndexedShard::shard).toList(),
                shards.stream().mapToInt(IndexedShard::index).toArray(), round.split(), round.epoch(), setup.seed(), round.shuffle())
                .skip(round.firstBatch());
        split = round.split();
        epoch = round.epoch();
        batches = fresh;
        return fresh;
    }

    /** Remembers where the round stopped reading. */
    void readUpTo(long batch) {
        nextBatch = batch;
    }

    /** This worker's shards in the order of this epoch (shuffled per epoch and worker when asked). */
    private List<IndexedShard> orderedShards(WorkerSetup setup, Round round) {
        List<IndexedShard> shards = new ArrayList<>(setup.shardsOf(round.split(), worker));
        if (setup.shuffleShards() && round.split() == Split.TRAIN && round.shuffle()) {
            Collections.shuffle(shards, new Random(Seeds.mix(setup.seed(), round.epoch(), worker, 0x5348)));
        }
        return shards;
    }
}

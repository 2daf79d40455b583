package io.sparkbolt.averaging;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.replica.ModelReplica;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor side of a round, one call per partition (one worker each): start from the
 * broadcast model, run the round's steps on this worker's next batches, return the result. A
 * pure function of (model, updater state, shards, round, seed): a retried attempt recomputes the
 * same result. A static top-level class, so no driver object travels in the closure.
 */
final class WorkerTask implements FlatMapFunction<Iterator<Integer>, WorkerResult> {
    private final Broadcast<WorkerSetup> setup;
    private final Broadcast<RoundState> state;

    WorkerTask(Broadcast<WorkerSetup> setup, Broadcast<RoundState> state) {
        this.setup = setup;
        this.state = state;
    }

    @Override
    public Iterator<WorkerResult> call(Iterator<Integer> workers) {
        List<WorkerResult> results = new ArrayList<>();
        while (workers.hasNext()) {
            results.add(run(setup.value(), state.value(), workers.next()));
        }
        return results.iterator();
    }

    private static WorkerResult run(WorkerSetup setup, RoundState roundState, int worker) {
        long start = System.nanoTime();
        ExecutorCache.RunCache cache = ExecutorCache.forRun(setup);
        WorkerState workerState = cache.worker(worker);
        try {
            Round round = roundState.round();
            ModelReplica replica = workerState.replica();
            Network network = replica.network();
            assign(network.params(), roundState.params());
            if (roundState.updater() != null) {
                assign(network.updaterState(), roundState.updater());
            }
            Nd4j.getRandom().setSeed(Seeds.mix(setup.seed(), round.split().ordinal(), round.epoch(), round.firstBatch(), worker));
            Iterator<Batch> batches = workerState.batchesFor(setup, round);
            RoundResult result = switch (round.split()) {
                case TRAIN -> replica.train(batches, round);
                case VAL, TEST -> replica.evaluate(batches, round);
                case PREDICT -> replica.predict(batches, round);
            };
            workerState.readUpTo(round.firstBatch() + result.batches());
            boolean training = round.split() == io.sparkbolt.trainer.api.Split.TRAIN;
            return new WorkerResult(worker,
                    training ? FloatArrays.of(network.params()) : null,
                    training && setup.averageUpdaterState() ? FloatArrays.of(network.updaterState()) : null,
                    result.examples(), result.batches(), result.steps(), result.lossSum(), result.lossCount(),
                    result.metrics(), result.predictions(), result.exhausted(), System.nanoTime() - start);
        } catch (RuntimeException | Error e) {
            cache.evict(worker); // a retry must not continue from this attempt's half-trained state
            throw e;
        }
    }

    private static void assign(INDArray target, float[] values) {
        if (values.length == 0 && target.length() == 0) {
            return; // a stateless updater (SGD)
        }
        if (values.length != target.length()) {
            throw new IllegalStateException("broadcast holds " + values.length + " values for an array of " + target.length());
        }
        if (FloatArrays.isWholeBuffer(target)) {
            target.data().setData(values); // straight into the network's buffer, no temporary array
        } else {
            target.assign(Nd4j.createFromArray(values).reshape(target.shape()));
        }
    }
}

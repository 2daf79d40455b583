package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.device.DeviceAssignment;
import io.sparkbolt.trainer.device.TaskDevice;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.predict.PredictionTask;
import io.sparkbolt.trainer.replica.ModelReplica;
import io.sparkbolt.trainer.replica.Seeds;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
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
        TaskFaults.at(TaskFaults.Point.BEFORE_COMPUTE, roundState.round(), worker);
        DeviceAssignment device = TaskDevice.pin(); // before the cache: a cached network must be on this task's device
        ExecutorCache.RunCache cache = ExecutorCache.forRun(setup);
        WorkerState workerState = cache.worker(worker, device.device());
        try {
            Round round = roundState.round();
            ModelReplica replica = workerState.replica();
            Network network = replica.network();
            roundState.params().copyInto(network.params());
            if (roundState.updater() != null) {
                roundState.updater().copyInto(network.updaterState());
            }
            Nd4j.getRandom().setSeed(Seeds.forRound(setup.seed(), round, worker));
            Iterator<Batch> batches = TaskFaults.failingMidway(workerState.batchesFor(setup, round), round, worker);
            RoundResult result = switch (round.split()) {
                case TRAIN -> replica.train(batches, round);
                case VAL, TEST -> replica.evaluate(batches, round);
                // Committed before the result is returned: a task failing after this point is retried and
                // its new attempt replaces the committed parts.
                case PREDICT -> PredictionTask.run(round.writeTo(), worker, attemptNumber(), sink -> replica.predict(batches, round, sink));
            };
            workerState.readUpTo(round.firstBatch() + result.batches());
            boolean training = round.split() == io.sparkbolt.trainer.api.Split.TRAIN;
            WorkerResult outcome = new WorkerResult(worker,
                    training ? PackedArray.of(network.params()) : null,
                    training && roundState.updater() != null ? PackedArray.of(network.updaterState()) : null,
                    result.examples(), result.batches(), result.steps(), result.lossSum(), result.lossCount(),
                    result.metrics(), result.predictions(), result.exhausted(), System.nanoTime() - start);
            TaskFaults.at(TaskFaults.Point.AFTER_COMPUTE, round, worker);
            return outcome;
        } catch (RuntimeException | Error e) {
            cache.evict(worker); // a retry must not continue from this attempt's half-trained state
            throw e;
        }
    }

    /** This task's attempt number (0 outside a Spark task). */
    private static int attemptNumber() {
        TaskContext task = TaskContext.get();
        return task == null ? 0 : task.attemptNumber();
    }
}

package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.device.DeviceAssignment;
import io.sparkbolt.trainer.device.TaskDevice;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.replica.GradientReducer;
import io.sparkbolt.trainer.replica.ModelReplica;
import io.sparkbolt.trainer.replica.Seeds;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor side of a lockstep training round, one task per worker in a barrier stage: start
 * from the broadcast model, connect to the other workers, run the round's steps with every
 * gradient summed across them, and return what the worker logged; worker 0 also returns the model
 * (every replica holds the same). A pure function of (model, updater state, shards, round, seed):
 * when a task fails, the driver runs the whole stage again and it ends with the same bits.
 */
final class LockstepTask implements FlatMapFunction<Iterator<Integer>, WorkerResult> {
    private static final LogOptions PER_SEGMENT = LogOptions.defaults().onStep(true).onEpoch(false);

    private final Broadcast<WorkerSetup> setup;
    private final Broadcast<RoundState> state;
    private final int workers;
    private final LockstepExchange exchange;
    private final int attempt;

    /** @param attempt how often the driver has submitted this round's stage before (it re-runs a failed one whole) */
    LockstepTask(Broadcast<WorkerSetup> setup, Broadcast<RoundState> state, int workers, LockstepExchange exchange, int attempt) {
        this.setup = setup;
        this.state = state;
        this.workers = workers;
        this.exchange = exchange;
        this.attempt = attempt;
    }

    @Override
    public Iterator<WorkerResult> call(Iterator<Integer> partition) {
        BarrierTimers.useDaemonTaskTimer(); // before this JVM's first barrier call
        BarrierTaskContext context = BarrierTaskContext.get();
        int worker = partition.next();
        return List.of(run(setup.value(), state.value(), worker, context)).iterator();
    }

    private WorkerResult run(WorkerSetup workerSetup, RoundState roundState, int worker, BarrierTaskContext context) {
        long start = System.nanoTime();
        Round round = roundState.round();
        TaskFaults.at(TaskFaults.Point.BEFORE_COMPUTE, round, worker, attempt);
        DeviceAssignment device = TaskDevice.pin();
        ExecutorCache.RunCache cache = ExecutorCache.forRun(workerSetup);
        WorkerState workerState = cache.worker(worker, device.device());
        long opening = System.nanoTime();
        try (GradientReducer reducer = exchange.open(context, worker, workers)) {
            long connected = System.nanoTime();
            ModelReplica replica = workerState.replica();
            Network network = replica.network();
            roundState.params().copyInto(network.params());
            roundState.updater().copyInto(network.updaterState());
            Nd4j.getRandom().setSeed(Seeds.forRound(workerSetup.seed(), round, worker));
            Iterator<Batch> batches = TaskFaults.failingMidway(workerState.batchesFor(workerSetup, round), round, worker, attempt);
            RoundResult result = replica.trainInLockstep(batches, round, reducer, workerSetup.logEveryNSteps());
            workerState.readUpTo(round.firstBatch() + result.batches());
            // where the segment's time went, per worker (the driver averages them): meeting the others, and summing gradients
            result.metrics().log("rendezvous_s", (connected - opening) / 1e9, 1, PER_SEGMENT, Split.TRAIN);
            result.metrics().log("allreduce_s", reducer.seconds(), 1, PER_SEGMENT, Split.TRAIN);
            boolean first = worker == 0; // every replica holds the same model: one sends it
            WorkerResult outcome = new WorkerResult(worker, first ? PackedArray.of(network.params()) : null,
                    first ? PackedArray.of(network.updaterState()) : null, result.examples(), result.batches(), result.steps(),
                    result.lossSum(), result.lossCount(), result.metrics(), List.of(), result.exhausted(), System.nanoTime() - start);
            TaskFaults.at(TaskFaults.Point.AFTER_COMPUTE, round, worker, attempt);
            reducer.completed();
            return outcome;
        } catch (RuntimeException | Error e) {
            cache.evict(worker); // the stage is re-run from the broadcast model: no half-trained state may stay
            throw e;
        }
    }
}

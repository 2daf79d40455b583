package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.replica.GradientReducer;
import java.io.Serializable;
import org.apache.spark.BarrierTaskContext;

/**
 * How the tasks of a barrier stage find each other and sum their gradients: a strategy's
 * transport, created on the driver and shipped with the stage, opened once per task and round.
 */
public interface LockstepExchange extends Serializable {
    /**
     * Connects this task to the others of the stage (all run at once) and returns the reducer
     * its optimiser steps use; fails with one line naming the worker that cannot be reached.
     *
     * @param context the barrier task's context: its rendezvous ({@code allGather}) and the tasks' addresses
     * @param worker  this task's worker (its partition)
     * @param workers the number of workers
     */
    GradientReducer open(BarrierTaskContext context, int worker, int workers);

    /** Run on the executors when the entry point ends: closes what {@link #open} kept between rounds. Default: nothing. */
    default void releaseOnExecutor() {
    }
}

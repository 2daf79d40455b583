package io.sparkbolt.trainer.workers;

import java.util.Iterator;
import org.apache.spark.api.java.function.VoidFunction;

/** Releases an entry point's executor state at its end: caches dropped, {@code DataModule.teardown} where it was set up. */
final class ReleaseTask implements VoidFunction<Iterator<Integer>> {
    private final String runId;
    private final LockstepExchange exchange;

    /** @param exchange the lockstep transport whose kept connections to close too, or null */
    ReleaseTask(String runId, LockstepExchange exchange) {
        this.runId = runId;
        this.exchange = exchange;
    }

    @Override
    public void call(Iterator<Integer> workers) {
        ExecutorCache.release(runId);
        if (exchange != null) {
            exchange.releaseOnExecutor();
        }
    }
}

package io.sparkbolt.trainer.workers;

import java.util.Iterator;
import org.apache.spark.api.java.function.VoidFunction;

/** Releases an entry point's executor state at its end: caches dropped, {@code DataModule.teardown} where it was set up. */
final class ReleaseTask implements VoidFunction<Iterator<Integer>> {
    private final String runId;

    ReleaseTask(String runId) {
        this.runId = runId;
    }

    @Override
    public void call(Iterator<Integer> workers) {
        ExecutorCache.release(runId);
    }
}

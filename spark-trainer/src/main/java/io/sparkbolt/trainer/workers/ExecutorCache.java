package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.Stage;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per executor JVM, per entry point: whether {@code DataModule.setup(stage)} has run here, and
 * the workers' warm states (each on the device it was built on), bounded by {@code cacheSize} (least recently used dropped first).
 * Everything is keyed by the run id, so several fits in one JVM never mix, and released at the
 * end of the fit.
 */
final class ExecutorCache {
    private static final Map<String, RunCache> RUNS = new ConcurrentHashMap<>();

    private ExecutorCache() {
    }

    /** This JVM's cache of the run {@code setup} describes, with the stage set up. */
    static RunCache forRun(WorkerSetup setup) {
        RunCache cache = RUNS.computeIfAbsent(setup.runId(), id -> new RunCache(setup));
        cache.ensureSetUp(setup.stage());
        return cache;
    }

    /** Tears down what this JVM set up for the run and forgets its workers. */
    static void release(String runId) {
        RunCache cache = RUNS.remove(runId);
        if (cache != null) {
            cache.tearDown();
        }
    }

    /** One run's state in this JVM. */
    static final class RunCache {
        private final WorkerSetup setup;
        private final Set<Stage> setUp = EnumSet.noneOf(Stage.class);
        private final Map<Integer, WorkerState> workers;

        private RunCache(WorkerSetup setup) {
            this.setup = setup;
            int bound = setup.cacheSize();
            this.workers = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Integer, WorkerState> eldest) {
                    return size() > bound;
                }
            };
        }

        /** {@code DataModule.setup(stage)}, once per JVM per stage, before any worker here reads data. */
        synchronized void ensureSetUp(Stage stage) {
            if (setUp.add(stage)) {
                setup.data().setup(stage);
            }
        }

        /**
         * The worker's warm state, or a new one (kept only while the cache has room). A state built
         * on another device is rebuilt: its arrays live on the device that was current when it was built.
         */
        WorkerState worker(int index, int device) {
            synchronized (workers) {
                WorkerState state = workers.get(index);
                if (state == null || state.device() != device) {
                    state = new WorkerState(setup, index, device);
                    if (setup.cacheSize() > 0) {
                        workers.put(index, state);
                    }
                }
                return state;
            }
        }

        /** Drops a worker's state (after a failed attempt, so a retry starts clean). */
        void evict(int index) {
            synchronized (workers) {
                workers.remove(index);
            }
        }

        private synchronized void tearDown() {
            synchronized (workers) {
                workers.clear();
            }
            for (Stage stage : setUp) {
                setup.data().teardown(stage);
            }
            setUp.clear();
        }
    }
}

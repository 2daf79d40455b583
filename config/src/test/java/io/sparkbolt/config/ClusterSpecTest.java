package io.sparkbolt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one executor figure is split, and the threads each task gets. */
class ClusterSpecTest {

    private static ClusterSpec executor(int cores, int gpus, Map<String, String> conf) {
        return new ClusterSpec("yarn", "run", conf, 2, cores, 16_384, gpus, null);
    }

    @Test
    void cpuTasksGetTheirTaskCpus() {
        assertEquals(1, executor(4, 0, Map.of()).threadsPerTask());
        assertEquals(2, executor(4, 0, Map.of("spark.task.cpus", "2")).threadsPerTask());
    }

    @Test
    void gpuTasksShareTheExecutorsCoresAmongTheTasksItsGpusAllow() {
        assertEquals(4, executor(4, 1, Map.of()).threadsPerTask(), "one GPU: one task at a time, with all four cores");
        assertEquals(2, executor(4, 2, Map.of()).threadsPerTask());
        assertEquals(1, executor(4, 8, Map.of()).threadsPerTask(), "more GPUs than cores: one core each");
        assertEquals(4, executor(8, 4, Map.of("spark.task.cpus", "3")).threadsPerTask(), "two tasks fit by cores, four cores each");
        assertEquals(2, executor(4, 4, Map.of("spark.task.cpus", "2")).threadsPerTask(), "as many as spark.task.cpus");
    }

    @Test
    void oneMemoryFigureSplitsIntoHeapOffHeapAndOverhead() {
        ClusterSpec spec = executor(4, 0, Map.of());
        assertEquals(6554, spec.heapMb());
        assertEquals(16_384 - 6554, spec.overheadMb());
        assertEquals(8192L * 1024 * 1024, spec.offHeapBytes());
    }
}

package io.sparkbolt.config;

import java.util.Map;

/**
 * The cluster a run is submitted to, from the config's {@code spark:} section: one
 * {@code executorMemory} figure per executor is split into the JVM heap, the off-heap room ND4J
 * needs (its javacpp limits) and the overhead Spark adds to the container, so users never size the
 * three by hand.
 *
 * @param master          the Spark master ({@code spark://...}, {@code yarn}, {@code k8s://...}); may be null for Databricks
 * @param appName         the application name
 * @param conf            further {@code spark.*} properties, passed as they are
 * @param executors       executor count
 * @param executorCores   cores per executor
 * @param executorMemoryMb the whole container per executor, in MiB
 * @param gpusPerExecutor GPUs per executor (0: none)
 * @param eventLogDir     where Spark's event log goes, or {@code null}
 */
public record ClusterSpec(String master, String appName, Map<String, String> conf, int executors, int executorCores,
                   long executorMemoryMb, int gpusPerExecutor, String eventLogDir) {

    /** The share of the container given to the JVM heap; the rest is off-heap (ND4J arrays, natives). */
    public static final double HEAP_SHARE = 0.4;
    /** The share javacpp's own pointers may take off-heap ({@code org.bytedeco.javacpp.maxbytes}). */
    public static final double OFF_HEAP_SHARE = 0.5;
    /**
     * The share of the container the whole process may reach ({@code org.bytedeco.javacpp.maxphysicalbytes}).
     * libnd4j allocates ND4J's arrays itself, outside javacpp's {@code maxbytes} count; what stops
     * them is this check of the process's resident size, which javacpp makes on every pointer it
     * creates (ND4J makes some in every op). Below the container so ND4J fails with a clear error
     * before the cluster kills the container.
     */
    public static final double PHYSICAL_SHARE = 0.9;

    public long heapMb() {
        return Math.max(256, Math.round(executorMemoryMb * HEAP_SHARE));
    }

    /** {@code spark.executor.memoryOverhead}: the container minus the heap. */
    public long overheadMb() {
        return Math.max(384, executorMemoryMb - heapMb());
    }

    /** ND4J's off-heap limit in bytes; the remaining tenth of the container is left to the JVM's own native memory. */
    public long offHeapBytes() {
        return Math.round(executorMemoryMb * OFF_HEAP_SHARE) * 1024L * 1024L;
    }

    /** The resident size at which ND4J's allocations fail with javacpp's out-of-memory error. */
    public long physicalBytesLimit() {
        return Math.round(executorMemoryMb * PHYSICAL_SHARE) * 1024L * 1024L;
    }

    /**
     * OpenMP threads per task: the cores each task really has, so tasks do not oversubscribe. Without
     * GPUs that is {@code spark.task.cpus} (default 1). With GPUs each task takes one, so an executor
     * runs at most {@code gpusPerExecutor} tasks at once and they share its cores.
     */
    public int threadsPerTask() {
        int taskCpus = Integer.parseInt(conf.getOrDefault("spark.task.cpus", "1"));
        if (gpusPerExecutor <= 0) {
            return taskCpus;
        }
        int concurrentTasks = Math.max(1, Math.min(executorCores / taskCpus, gpusPerExecutor));
        return Math.max(taskCpus, executorCores / concurrentTasks);
    }
}

package io.sparkbolt.trainer.device;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises running out of memory where DL4J keeps its arrays, off the Java heap (javacpp's
 * limits) or on the GPU, and says so with the setting to raise, instead of a bare
 * {@code OutOfMemoryError} or a Spark job failure. Errors from executors reach the driver as text
 * inside Spark's message, so the messages are matched, not the exception types.
 */
public final class MemoryFailures {
    /** javacpp's limits; the CUDA backend's pinned host memory. */
    private static final Pattern OFF_HEAP = Pattern.compile(
            "(Cannot allocate[^\\n]*|Physical memory usage is too high[^\\n]*|[^\\n]*Pointer\\.maxBytes[^\\n]*"
                    + "|Failed to allocate [^\\n]*HOST memory[^\\n]*)");
    /** libnd4j's and CUDA's own words for a device allocation that failed (strings of libnd4jcuda 1.0.0-M2.1). */
    private static final Pattern DEVICE = Pattern.compile(
            "((?:\\[DEVICE] allocation failed|cudaMalloc failed|Failed to allocate [^\\n]*DEVICE|cudaErrorMemoryAllocation"
                    + "|CUDA_ERROR_OUT_OF_MEMORY|(?i:cuda[^\\n]*out of memory))[^\\n]*)");
    private static final Pattern HEAP = Pattern.compile("(java\\.lang\\.OutOfMemoryError: Java heap space|exited with code 52)");
    private static final Pattern CONTAINER = Pattern.compile("([^\\n]*(?:killed by YARN for exceeding|OOMKilled)[^\\n]*)");

    private MemoryFailures() {
    }

    /**
     * The one-line error for {@code failure} if it is a memory failure.
     *
     * @param where {@code the driver} or {@code an executor}: which settings apply
     */
    public static Optional<SparkboltException> explain(Throwable failure, String where) {
        boolean driver = where.toLowerCase(Locale.ROOT).contains("driver");
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String text = cause.toString();
            Matcher device = DEVICE.matcher(text);
            if (device.find()) {
                return Optional.of(new SparkboltException("out of GPU memory in " + where + " (" + device.group(1).trim()
                        + "): lower the batch size or the model's size, or halve the arrays with trainer.precision=16", failure));
            }
            Matcher offHeap = OFF_HEAP.matcher(text);
            if (offHeap.find()) {
                return Optional.of(new SparkboltException("ND4J ran out of off-heap memory in " + where + " ("
                        + offHeap.group(1).trim() + "): " + (driver
                        ? "raise -Dorg.bytedeco.javacpp.maxphysicalbytes (the process size ND4J may reach; JAVA_OPTS for"
                                + " bin/sparkbolt, spark.driver.extraJavaOptions on a cluster)"
                        : "raise spark.executorMemory (sparkbolt submit derives spark.executor.memoryOverhead and javacpp's"
                                + " maxphysicalbytes from it), or spark.executor.memoryOverhead with -Dorg.bytedeco.javacpp.maxphysicalbytes")
                        + ", or lower the batch size", failure));
            }
            Matcher container = CONTAINER.matcher(text);
            if (container.find()) {
                return Optional.of(new SparkboltException("the cluster killed " + where + " for using more memory than its"
                        + " container (" + container.group(1).trim() + "): raise spark.executor.memoryOverhead (ND4J's arrays"
                        + " live off the heap) or spark.executorMemory", failure));
            }
            Matcher heap = HEAP.matcher(text);
            if (heap.find()) {
                return Optional.of(new SparkboltException("the Java heap ran out in " + where + " (" + heap.group(1) + "): raise "
                        + (driver ? "the driver's heap (-Xmx in JAVA_OPTS, spark.driver.memory)" : "spark.executor.memory")
                        + "; a large model's parameters travel through the heap every round", failure));
            }
        }
        return Optional.empty();
    }
}

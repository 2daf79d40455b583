package io.sparkbolt.trainer.device;

import java.io.Serializable;
import java.util.List;

/**
 * Where one task (or the driver, for the local strategy) trains: its JVM, the GPU addresses
 * Spark's resource scheduling gave it, and the ND4J device it is pinned to.
 *
 * @param executorId   Spark's executor id ({@code driver} in the driver)
 * @param host         the executor's host
 * @param pid          the JVM's process id
 * @param partition    the task's partition; -1 outside a task
 * @param backend      the JVM's ND4J backend
 * @param gpuAddresses the addresses of the {@code gpu} resource Spark assigned the task; empty without GPU scheduling
 * @param device       the ND4J (CUDA) device ordinal the task's thread is pinned to; -1 on the CPU backend
 * @param source       how the device was chosen
 */
public record DeviceAssignment(String executorId, String host, long pid, int partition, Backend backend,
                               List<String> gpuAddresses, int device, Source source) implements Serializable {

    /** How a task's device was chosen. */
    public enum Source {
        /** From the {@code gpu} resource Spark's scheduler assigned the task. */
        SPARK_RESOURCE,
        /** No GPU scheduling: the executor's one device (CUDA device 0), shared by its tasks one at a time. */
        EXECUTOR_DEFAULT,
        /** The CPU backend: no device to choose. */
        CPU
    }

    /** For logs: {@code CUDA device 1 (Spark GPU address 1)} or {@code CPU}. */
    public String describeDevice() {
        return switch (source) {
            case SPARK_RESOURCE -> device >= 0 ? "CUDA device " + device + " (Spark GPU address " + String.join(",", gpuAddresses) + ")"
                    : "CPU (Spark GPU address " + String.join(",", gpuAddresses) + " unused: CPU backend)";
            case EXECUTOR_DEFAULT -> "CUDA device " + device + " (no Spark GPU scheduling: one device per executor)";
            case CPU -> "CPU";
        };
    }
}

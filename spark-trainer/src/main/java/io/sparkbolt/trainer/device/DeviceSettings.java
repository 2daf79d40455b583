package io.sparkbolt.trainer.device;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.Serializable;

/**
 * The Trainer's {@code accelerator}, {@code devices} and {@code precision}, checked against the
 * backend a JVM really runs before any training starts, so that a request the build or the
 * machine cannot honour ends with one line instead of a failure deep inside ND4J.
 *
 * @param accelerator where the steps run
 * @param devices     GPUs per executor (per JVM for the local strategy); 0 for auto
 * @param precision   the network's data type
 */
public record DeviceSettings(Accelerator accelerator, int devices, Precision precision) implements Serializable {

    /** {@code accelerator: auto}, {@code devices: auto}, {@code precision: 32}. */
    public static final DeviceSettings DEFAULT = new DeviceSettings(Accelerator.AUTO, 0, Precision.FLOAT);

    public DeviceSettings {
        if (accelerator == null || precision == null) {
            throw new SparkboltException("trainer flags accelerator and precision must not be null");
        }
        if (devices < 0) {
            throw new SparkboltException("trainer flag devices must be auto or a count >= 1, got " + devices);
        }
    }

    /**
     * Checks these settings against the backend of the JVM that runs the steps and returns the
     * accelerator they resolve to.
     *
     * @param where       the JVM, for the message: {@code this JVM}, {@code executor 2 (host-a)}
     * @param distributed whether a Spark strategy trains (the local strategy trains on one device)
     * @throws SparkboltException naming the flag, the JVM and what to change
     */
    public Accelerator check(Backend backend, String where, boolean distributed) {
        checkBackend(backend, where);
        if (accelerator == Accelerator.GPU && backend.deviceCount() < 1) {
            throw new SparkboltException("trainer flag accelerator=gpu, but " + where
                    + " sees no CUDA device (check the NVIDIA driver and CUDA_VISIBLE_DEVICES)");
        }
        Accelerator resolved = accelerator.resolve(backend);
        if (devices > 1 && resolved == Accelerator.CPU) {
            throw new SparkboltException("trainer flag devices=" + devices + " counts GPUs, but " + where
                    + " trains on the CPU: set the parallelism with the strategy's numWorkers instead");
        }
        if (devices > 1 && !distributed) {
            throw new SparkboltException("trainer flag devices=" + devices + ": the local strategy trains on one device;"
                    + " train on several GPUs with a Spark strategy (parameter-averaging, one GPU per task)");
        }
        if (resolved == Accelerator.GPU && devices > backend.deviceCount()) {
            throw new SparkboltException("trainer flag devices=" + devices + ", but " + where + " sees "
                    + backend.deviceCount() + " CUDA device(s)");
        }
        return resolved;
    }

    /**
     * The driver's part of the check under a Spark strategy: its backend must be the kind asked
     * for (it builds the network), but the devices that count are the executors'.
     */
    public void checkBackend(Backend backend, String where) {
        if (accelerator == Accelerator.GPU && !backend.cuda()) {
            throw new SparkboltException("trainer flag accelerator=gpu needs ND4J's CUDA backend, but " + where
                    + " runs the CPU backend (" + backend.library() + "): build with mvn -Pcuda -DskipTests package and run that jar");
        }
        if (accelerator == Accelerator.CPU && backend.cuda()) {
            throw new SparkboltException("trainer flag accelerator=cpu, but " + where + " runs ND4J's CUDA backend, which"
                    + " computes on the GPU: train on the CPU with the default (cpu) build");
        }
        backend.refuses(precision).ifPresent(reason -> {
            throw new SparkboltException("trainer flag precision=" + precision.label() + " cannot run on " + where + ": " + reason);
        });
    }

    /** {@code auto} or the count, as configs write it. */
    public String devicesLabel() {
        return devices == 0 ? "auto" : Integer.toString(devices);
    }
}

package io.sparkbolt.trainer.device;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.util.TaskCompletionListener;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins the calling task's thread to its GPU (on CPUs, sizes ND4J's threads to the task's cores:
 * {@link Nd4jThreads}). With Spark's GPU scheduling
 * ({@code spark.executor.resource.gpu.amount}, {@code spark.task.resource.gpu.amount}, a discovery
 * script) the task's {@code gpu} address from {@link TaskContext#resources()} is the CUDA ordinal;
 * without it every task of the executor uses device 0 (the driver makes sure they run one at a
 * time). ND4J's affinity manager then keeps every array the thread creates on that device for the
 * rest of the task, the networks of the warm executor cache included, which is why the cache
 * remembers the device a network was built on.
 */
public final class TaskDevice {
    /** Spark's name of the GPU resource. */
    public static final String GPU = "gpu";
    private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);
    private static final ThreadLocal<DeviceAssignment> CURRENT = new ThreadLocal<>();
    private static final AtomicBoolean FALLBACK_LOGGED = new AtomicBoolean();
    private static volatile Backend backend;

    private TaskDevice() {
    }

    /**
     * Chooses and pins the device of the running Spark task (or of this thread outside one) and
     * remembers it for {@link #current()} until the task ends.
     *
     * @throws SparkboltException when Spark assigned an address that is no CUDA device of this JVM
     */
    public static DeviceAssignment pin() {
        TaskContext task = TaskContext.get();
        Backend jvmBackend = backend();
        List<String> addresses = task == null ? List.of() : gpuAddresses(task);
        String executor = SparkEnv.get() != null ? SparkEnv.get().executorId() : "driver";
        String host = hostName();
        DeviceAssignment.Source source;
        int device = -1;
        if (!addresses.isEmpty()) {
            source = DeviceAssignment.Source.SPARK_RESOURCE;
            if (jvmBackend.cuda()) {
                device = ordinal(addresses.get(0), jvmBackend, executor, host);
            }
        } else if (jvmBackend.cuda()) {
            source = DeviceAssignment.Source.EXECUTOR_DEFAULT;
            device = 0;
            if (task != null && FALLBACK_LOGGED.compareAndSet(false, true)) {
                LOG.info("Sparkbolt: no Spark GPU scheduling (spark.task.resource.gpu.amount unset): executor {} trains every"
                        + " task on CUDA device 0", executor);
            }
        } else {
            source = DeviceAssignment.Source.CPU;
        }
        if (device >= 0) {
            Nd4j.getAffinityManager().unsafeSetDevice(device);
        }
        Nd4jThreads.apply(jvmBackend);
        DeviceAssignment assignment = new DeviceAssignment(executor, host, ProcessHandle.current().pid(),
                task == null ? -1 : task.partitionId(), jvmBackend, addresses, device, source);
        CURRENT.set(assignment);
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) ended -> CURRENT.remove());
        }
        return assignment;
    }

    /**
     * Refuses, before anything runs, an accelerator, device count or precision this JVM's backend
     * cannot honour. Under a Spark strategy this JVM is the driver: only its backend matters here,
     * the executors are checked when the strategy connects ({@link ExecutorDevices}). Under the
     * local strategy this JVM trains: the calling thread is pinned to its device and the choice logged.
     *
     * @throws SparkboltException when this JVM cannot honour the settings
     */
    public static void prepareThisJvm(DeviceSettings settings, boolean distributed) {
        if (distributed) {
            settings.checkBackend(backend(), "the driver");
            return;
        }
        Accelerator accelerator = settings.check(backend(), "this JVM", false);
        DeviceAssignment assignment = pin();
        LOG.info("Sparkbolt: ND4J backend {}; training on {} ({}), precision {}", backend().describe(), accelerator.label(),
                assignment.describeDevice(), settings.precision().label());
    }

    /** The device the running task was pinned to, for a module or data module that wants to know (and for tests). */
    public static Optional<DeviceAssignment> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** This JVM's backend, read once. */
    public static Backend backend() {
        Backend known = backend;
        if (known == null) {
            known = Backend.current();
            backend = known;
        }
        return known;
    }

    private static List<String> gpuAddresses(TaskContext task) {
        ResourceInformation gpu = task.resources().get(GPU).getOrElse(() -> null);
        return gpu == null ? List.of() : List.of(gpu.addresses());
    }

    /** A Spark GPU address as a CUDA ordinal of this JVM. */
    static int ordinal(String address, Backend backend, String executor, String host) {
        try {
            int ordinal = Integer.parseInt(address.trim());
            if (ordinal >= 0 && ordinal < backend.deviceCount()) {
                return ordinal;
            }
        } catch (NumberFormatException e) {
            // reported below, with what the address must be
        }
        throw new SparkboltException("executor " + executor + " (" + host + ") was given GPU address '" + address
                + "' by Spark's discovery script, but ND4J sees " + backend.deviceCount() + " CUDA device(s) there (ordinals 0.."
                + (backend.deviceCount() - 1) + "): the script must report the CUDA ordinals visible to the executor");
    }

    private static String hostName() {
        SparkEnv env = SparkEnv.get();
        if (env != null && env.blockManager() != null && env.blockManager().blockManagerId() != null) {
            return env.blockManager().blockManagerId().host();
        }
        return "localhost";
    }
}

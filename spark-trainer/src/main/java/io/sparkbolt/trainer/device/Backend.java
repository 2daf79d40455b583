package io.sparkbolt.trainer.device;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend a JVM runs and the devices it sees: {@code cpu} (nd4j-native) or {@code cuda}
 * (nd4j-cuda). Which one a JVM gets is fixed by the build (the Maven profile), not by a setting.
 *
 * @param name        {@code cpu} or {@code cuda}
 * @param library     ND4J's backend class, for the log
 * @param deviceCount CUDA devices visible to this JVM; 1 (the host) on the CPU backend
 * @param devices     the devices' names where ND4J reports them
 */
public record Backend(String name, String library, int deviceCount, List<String> devices) implements Serializable {

    /**
     * The backend of this JVM (loads ND4J).
     *
     * @throws SparkboltException when no ND4J backend loads here, e.g. the CUDA build without a GPU
     */
    public static Backend current() {
        try {
            return load();
        } catch (RuntimeException | LinkageError e) { // ND4J fails in its static initialiser, as an Error
            boolean cudaBuild = isOnClassPath("org.nd4j.linalg.jcublas.JCublasBackend");
            throw new SparkboltException("ND4J's " + (cudaBuild ? "CUDA " : "") + "backend did not load in this JVM ("
                    + rootCause(e) + ")" + (cudaBuild ? ": the CUDA build needs an NVIDIA GPU with its driver (libcuda.so.1) and"
                    + " the CUDA 11.x runtime; use the default (cpu) build on machines without one" : ""), e);
        }
    }

    private static Backend load() {
        String library = Nd4j.getBackend().getClass().getName();
        boolean cpu = Nd4j.getEnvironment().isCPU();
        int count = Nd4j.getAffinityManager().getNumberOfDevices();
        return new Backend(cpu ? "cpu" : "cuda", library, count, cpu ? List.of("host") : deviceNames(count));
    }

    /** Whether this is ND4J's CUDA backend. */
    public boolean cuda() {
        return "cuda".equals(name);
    }

    /**
     * Why this backend cannot train a network in {@code precision}, if it cannot. Measured with
     * ND4J 1.0.0-M2.1 on nd4j-native: a half-precision MLP trains to a NaN loss, and bfloat16
     * fails in {@code relu_bp}, whose type declaration (shared by both backends) leaves BFLOAT16 out.
     */
    public Optional<String> refuses(Precision precision) {
        return switch (precision) {
            case DOUBLE, FLOAT -> Optional.empty();
            case HALF -> cuda() ? Optional.empty()
                    : Optional.of("ND4J's CPU backend does not train in half precision (its losses come out NaN); use 32 or 64,"
                            + " or the CUDA build on a GPU");
            case BF16 -> Optional.of("ND4J 1.0.0-M2.1 does not train in bfloat16 (its backprop ops refuse BFLOAT16 arrays);"
                    + " use 16 on a GPU, or 32");
        };
    }

    /** One phrase for logs: {@code cuda (2 devices: A100, A100)} or {@code cpu (nd4j-native)}. */
    public String describe() {
        if (!cuda()) {
            return "cpu (" + library + ")";
        }
        return "cuda (" + deviceCount + (deviceCount == 1 ? " device" : " devices") + (devices.isEmpty() ? "" : ": " + String.join(", ", devices)) + ")";
    }

    private static boolean isOnClassPath(String className) {
        try {
            Class.forName(className, false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String rootCause(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    /** The CUDA backend lists its devices in its environment information; the CPU backend has none. */
    private static List<String> deviceNames(int count) {
        List<String> names = new ArrayList<>();
        Object info = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
        if (info instanceof List<?> perDevice) {
            for (Object device : perDevice) {
                if (device instanceof Map<?, ?> fields && fields.get("cuda.deviceName") != null) {
                    names.add(String.valueOf(fields.get("cuda.deviceName")));
                }
            }
        }
        return names.size() == count ? List.copyOf(names) : List.of();
    }
}

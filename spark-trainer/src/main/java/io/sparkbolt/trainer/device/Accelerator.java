package io.sparkbolt.trainer.device;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.Locale;

/** Lightning's {@code accelerator}: where the steps run. */
public enum Accelerator {
    /** A GPU when ND4J runs its CUDA backend and sees a device, else the CPU. */
    AUTO,
    /** ND4J's CPU backend (nd4j-native); refused when the build carries the CUDA backend. */
    CPU,
    /** ND4J's CUDA backend on a visible device; refused at start without one. */
    GPU;

    /** {@code auto}, {@code cpu} or {@code gpu} (Lightning's {@code cuda} is taken as {@code gpu}). */
    public static Accelerator parse(String value) {
        String name = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "auto" -> AUTO;
            case "cpu" -> CPU;
            case "gpu", "cuda" -> GPU;
            default -> throw new SparkboltException("trainer flag accelerator must be auto, cpu or gpu, got " + value);
        };
    }

    /** What this request means on {@code backend}: {@code AUTO} becomes {@code GPU} or {@code CPU}. */
    public Accelerator resolve(Backend backend) {
        if (this != AUTO) {
            return this;
        }
        return backend.cuda() && backend.deviceCount() > 0 ? GPU : CPU;
    }

    /** The name as configs write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

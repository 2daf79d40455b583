package io.sparkbolt.sharing;

import org.deeplearning4j.optimize.solvers.accumulation.encoding.ThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.FixedThresholdAlgorithm;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.TargetSparsityThresholdAlgorithm;

/**
 * How the encoding threshold (the smallest update element a worker sends) is chosen: DL4J's
 * three threshold algorithms.
 */
public enum ThresholdMode {
    /** Adapts the threshold to keep the encoded updates between 1e-4 and 1e-2 sparsity (DL4J's default). */
    ADAPTIVE,
    /** Keeps the initial threshold. */
    FIXED,
    /** Adapts the threshold towards {@code targetSparsity}. */
    TARGET_SPARSITY;

    /** The DL4J algorithm for this mode. */
    ThresholdAlgorithm algorithm(double initialThreshold, double targetSparsity) {
        return switch (this) {
            case ADAPTIVE -> new AdaptiveThresholdAlgorithm(initialThreshold);
            case FIXED -> new FixedThresholdAlgorithm(initialThreshold);
            case TARGET_SPARSITY -> new TargetSparsityThresholdAlgorithm(initialThreshold, targetSparsity,
                    TargetSparsityThresholdAlgorithm.DEFAULT_DECAY_RATE);
        };
    }

    /** The mode a config names ({@code adaptive}, {@code fixed}, {@code target-sparsity}). */
    static ThresholdMode parse(String name) {
        for (ThresholdMode mode : values()) {
            if (mode.configName().equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("option thresholdAlgorithm expects adaptive, fixed or target-sparsity, got " + name);
    }

    /** The name configs use. */
    String configName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.Locale;

/** Whether a monitored metric improves by going down ({@code min}, losses) or up ({@code max}, accuracies). */
public enum MonitorMode {
    /** Lower is better. */
    MIN,
    /** Higher is better. */
    MAX;

    /** {@code min} or {@code max}, as written in a config; {@code owner} names the callback in errors. */
    public static MonitorMode parse(String owner, String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SparkboltException(owner + ": mode must be min or max, got '" + value + "'");
        }
    }

    /** Whether {@code candidate} beats {@code reference} by more than {@code minDelta}. */
    public boolean improves(double candidate, double reference, double minDelta) {
        return this == MIN ? candidate < reference - minDelta : candidate > reference + minDelta;
    }

    /** The worst possible value, where tracking starts. */
    public double worst() {
        return this == MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}

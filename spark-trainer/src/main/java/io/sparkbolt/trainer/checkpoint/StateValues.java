package io.sparkbolt.trainer.checkpoint;

import java.util.Map;

/**
 * Plain JSON values in checkpoint states: numbers that may be infinite or NaN (which JSON has no
 * literal for) go in as strings and come back as the same double, bit for bit.
 */
public final class StateValues {
    private StateValues() {
    }

    /** A double as a JSON value: the number itself, or {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}. */
    public static Object encode(double value) {
        return Double.isFinite(value) ? (Object) value : Double.toString(value);
    }

    /** The double {@link #encode(double)} wrote (integers read back as JSON integers included). */
    public static double decode(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            return Double.parseDouble(text);
        }
        throw new IllegalArgumentException("not a number in checkpoint state: " + value);
    }

    /** {@code state.get(key)} as a long, or {@code fallback} when absent. */
    public static long longValue(Map<?, ?> state, String key, long fallback) {
        Object value = state.get(key);
        return value instanceof Number number ? number.longValue() : fallback;
    }

    /** {@code state.get(key)} as a map, or an empty one when absent. */
    public static Map<String, Object> map(Map<?, ?> state, String key) {
        return asMap(state.get(key));
    }

    /** A JSON object read back from a state (a map with string keys), or an empty map for anything else. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}

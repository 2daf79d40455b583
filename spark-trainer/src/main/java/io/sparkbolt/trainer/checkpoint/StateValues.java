package io.sparkbolt.trainer.checkpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    /**
     * A deep, unmodifiable copy of a state (maps keep their order; nulls stay): what a captured
     * checkpoint state holds, so nothing changes it while it is written. {@code null} stays null.
     */
    public static Map<String, Object> frozen(Map<String, ?> state) {
        if (state == null) {
            return null;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        state.forEach((key, value) -> copy.put(key, frozenValue(value)));
        return Collections.unmodifiableMap(copy);
    }

    private static Object frozenValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, item) -> copy.put(String.valueOf(key), frozenValue(item)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(frozenValue(item)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }
}

package io.sparkbolt.mlflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameters as MLflow parameters: nested maps flattened to dotted keys ({@code
 * optimizer.lr}), lists and scalars written as text, values cut to MLflow's limit.
 */
final class RunParams {
    /** MLflow's limit on a parameter value (characters). */
    static final int MAX_VALUE = 6000;

    private RunParams() {
    }

    static Map<String, String> flatten(Map<String, ?> hparams) {
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", hparams, flat);
        return flat;
    }

    private static void flatten(String prefix, Map<String, ?> values, Map<String, String> into) {
        values.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty()) {
                Map<String, Object> children = new LinkedHashMap<>();
                nested.forEach((k, v) -> children.put(String.valueOf(k), v));
                flatten(name + ".", children, into);
            } else {
                String text = value instanceof List<?> list ? list.toString() : String.valueOf(value);
                into.put(name, text.length() > MAX_VALUE ? text.substring(0, MAX_VALUE) : text);
            }
        });
    }
}

package io.sparkbolt.trainer.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The defaults a component's {@link Arg}s declare, as the values they stand for: what a builder
 * or a convenience constructor of the component starts from, so a default is written once, in
 * the {@code @Arg} a config reads, and Java and YAML users get the same component.
 *
 * <pre>{@code
 * private static final ArgDefaults DEFAULTS = ArgDefaults.of(EarlyStopping.class);
 * private int patience = DEFAULTS.get("patience");
 * }</pre>
 */
public final class ArgDefaults {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Class<?> type;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    private ArgDefaults(Class<?> type) {
        this.type = type;
        for (Parameter parameter : HyperParameters.argConstructor(type, -1).getParameters()) {
            parameters.put(parameter.getAnnotation(Arg.class).value(), parameter);
        }
    }

    /** The defaults of the constructor of {@code type} whose parameters all carry {@code @Arg}. */
    public static ArgDefaults of(Class<?> type) {
        return new ArgDefaults(type);
    }

    /**
     * The default of argument {@code name}, as its parameter's type ({@code ~}: null); fails for
     * an argument that has none (a required one) or that the constructor does not take.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(String name) {
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalArgumentException(type.getSimpleName() + " has no @Arg " + name + " (it has " + parameters.keySet() + ")");
        }
        Arg arg = parameter.getAnnotation(Arg.class);
        if (arg.defaultValue().isEmpty()) {
            throw new IllegalArgumentException("@Arg " + name + " of " + type.getSimpleName() + " is required: it has no default");
        }
        JsonNode value = node(arg);
        if (value.isNull()) {
            return null;
        }
        return (T) YAML.convertValue(value, YAML.getTypeFactory().constructType(parameter.getParameterizedType()));
    }

    /** An {@code @Arg}'s default as a YAML value ({@code ~} or blank: null); the one reading of a default. */
    public static JsonNode node(Arg arg) {
        try {
            JsonNode value = YAML.readTree(arg.defaultValue());
            return value == null || value.isMissingNode() ? NullNode.getInstance() : value;
        } catch (IOException e) {
            throw new IllegalStateException("bad default of @Arg " + arg.value() + ": " + arg.defaultValue(), e);
        }
    }
}

package io.sparkbolt.trainer.api;

import java.io.Serializable;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named constructor arguments of a module, as {@code save_hyperparameters()} captures them in
 * Lightning: written to {@code hparams.yaml} and into checkpoints.
 */
public final class HyperParameters implements Serializable {
    private static final HyperParameters EMPTY = new HyperParameters(Map.of());

    private final Map<String, Object> values;

    private HyperParameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No hyper-parameters. */
    public static HyperParameters empty() {
        return EMPTY;
    }

    /** Hyper-parameters from a name → value map (keeps its order). */
    public static HyperParameters of(Map<String, ?> values) {
        return new HyperParameters(new LinkedHashMap<>(values));
    }

    /**
     * Names {@code values} by the {@link Arg} parameters of {@code type}'s constructor that has
     * exactly that many of them.
     */
    public static HyperParameters capture(Class<?> type, Object... values) {
        Constructor<?> constructor = argConstructor(type, values.length);
        Parameter[] parameters = constructor.getParameters();
        Map<String, Object> named = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i++) {
            named.put(parameters[i].getAnnotation(Arg.class).value(), values[i]);
        }
        return new HyperParameters(named);
    }

    /**
     * The single constructor whose parameters all carry {@link Arg}, of the given arity (-1: any
     * with parameters; a no-argument constructor names none, so it is not the config's form).
     */
    public static Constructor<?> argConstructor(Class<?> type, int arity) {
        Constructor<?> found = null;
        for (Constructor<?> candidate : type.getConstructors()) {
            boolean arityFits = arity < 0 ? candidate.getParameterCount() > 0 : candidate.getParameterCount() == arity;
            if (arityFits && allParametersNamed(candidate)) {
                if (found != null) {
                    throw new IllegalArgumentException(type.getName() + " has more than one public constructor with @Arg parameters");
                }
                found = candidate;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException(type.getName() + " has no public constructor whose "
                    + (arity < 0 ? "" : arity + " ") + "parameters all carry @Arg");
        }
        return found;
    }

    private static boolean allParametersNamed(Constructor<?> constructor) {
        for (Parameter parameter : constructor.getParameters()) {
            if (!parameter.isAnnotationPresent(Arg.class)) {
                return false;
            }
        }
        return true;
    }

    /** The values by name, in constructor order. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        return values.toString();
    }
}

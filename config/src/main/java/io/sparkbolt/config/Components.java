package io.sparkbolt.config;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.HyperParameters;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Suggestions;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Builds the classes a config names ({@code {class: MlpClassifier, args: {...}}}) through their
 * {@link Arg} constructor: each argument converted to the parameter's type, defaults filled in,
 * unknown or missing arguments reported with the config line.
 */
final class Components {

    /** One class of each built-in package (models, data modules, callbacks, loggers): short names are searched there, in order. */
    static final List<Class<?>> BUILT_IN_ANCHORS = List.of(io.sparkbolt.trainer.models.MlpClassifier.class,
            io.sparkbolt.data.MnistDataModule.class, io.sparkbolt.trainer.callbacks.EarlyStopping.class,
            io.sparkbolt.trainer.loggers.CsvLogger.class, io.sparkbolt.mlflow.MLFlowLogger.class);

    private final ConfigDocument document;

    Components(ConfigDocument document) {
        this.document = document;
    }

    /** Instantiates the component described at {@code pointer} ({@code /model}), which must be a {@code type}. */
    <T> T create(String pointer, Class<T> type) {
        JsonNode spec = document.root().at(pointer);
        if (!spec.isObject()) {
            throw document.error(pointer, "must be a mapping with 'class' and 'args'");
        }
        for (Iterator<String> keys = spec.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals("class") && !key.equals("args")) {
                throw document.error(pointer + "/" + key, "unknown key (a component takes 'class' and 'args')");
            }
        }
        JsonNode className = spec.get("class");
        if (className == null || !className.isTextual()) {
            throw document.error(pointer, "needs 'class': a class name such as " + type.getSimpleName());
        }
        Class<?> found = resolve(pointer + "/class", className.asText(), type);
        if (!type.isAssignableFrom(found)) {
            throw document.error(pointer + "/class", found.getName() + " is not a " + type.getSimpleName());
        }
        JsonNode args = spec.get("args");
        if (args != null && !args.isNull() && !args.isObject()) {
            throw document.error(pointer + "/args", "must be a mapping of argument names to values");
        }
        return type.cast(construct(pointer + "/args", found, args == null || args.isNull() ? null : (ObjectNode) args));
    }

    private Class<?> resolve(String pointer, String name, Class<?> type) {
        List<String> candidates = new ArrayList<>();
        if (!name.contains(".")) {
            BUILT_IN_ANCHORS.forEach(anchor -> candidates.add(anchor.getPackageName() + "." + name));
        }
        candidates.add(name);
        for (String candidate : candidates) {
            try {
                // The context loader sees spark-submit's --jars (and a notebook's attached libraries).
                return Class.forName(candidate, true, Thread.currentThread().getContextClassLoader());
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        throw document.error(pointer, "class '" + name + "' is not on the class path" + alternatives(name, type));
    }

    /**
     * What the user may have meant: the closest built-in or own class of the wanted type, and for
     * a short name the built-ins that exist, since a class of one's own needs its full name.
     */
    private static String alternatives(String name, Class<?> type) {
        List<String> builtIns = ofType(KnownClasses.builtIn(BUILT_IN_ANCHORS), type);
        List<String> own = ofType(KnownClasses.userClasses(), type);
        List<String> all = new ArrayList<>(builtIns);
        all.addAll(own);
        String close = Suggestions.closest(name, all);
        if (close == null) { // a short name for a class of one's own, or the right name in another package
            Map<String, String> bySimpleName = new java.util.LinkedHashMap<>();
            all.forEach(full -> bySimpleName.putIfAbsent(simpleName(full), full));
            close = bySimpleName.get(Suggestions.closest(simpleName(name), bySimpleName.keySet()));
        }
        StringBuilder out = new StringBuilder();
        if (close != null) {
            out.append(" (did you mean ").append(builtIns.contains(close) ? simpleName(close) : close).append("?)");
        }
        if (!name.contains(".")) {
            out.append("; built-in ").append(type.getSimpleName()).append(" classes: ")
                    .append(String.join(", ", builtIns.stream().map(Components::simpleName).sorted().toList()))
                    .append("; a class of your own needs its full name, and its jar in --jars");
        } else if (close == null && own.isEmpty()) {
            out.append(" (a class of your own: give its jar with --jars or SPARKBOLT_CLASSPATH)");
        }
        return out.toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /** The names among {@code names} that are concrete classes of {@code type} (loaded, not initialised). */
    static List<String> ofType(List<String> names, Class<?> type) {
        List<String> matching = new ArrayList<>();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        for (String candidate : names) {
            try {
                Class<?> found = Class.forName(candidate, false, loader);
                if (type.isAssignableFrom(found) && !java.lang.reflect.Modifier.isAbstract(found.getModifiers())
                        && java.lang.reflect.Modifier.isPublic(found.getModifiers())) {
                    matching.add(candidate);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // not loadable here: not a candidate
            }
        }
        return matching;
    }

    private Object construct(String pointer, Class<?> type, ObjectNode args) {
        Constructor<?> constructor;
        try {
            constructor = HyperParameters.argConstructor(type, -1);
        } catch (IllegalArgumentException e) {
            if (args == null || args.isEmpty()) {
                return noArgs(pointer, type);
            }
            throw document.error(pointer, e.getMessage());
        }
        Parameter[] parameters = constructor.getParameters();
        TreeSet<String> names = new TreeSet<>();
        for (Parameter parameter : parameters) {
            names.add(parameter.getAnnotation(Arg.class).value());
        }
        if (args != null) {
            for (Iterator<String> keys = args.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!names.contains(key)) {
                    throw document.error(pointer + "/" + key, "unknown argument of " + type.getSimpleName()
                            + Suggestions.didYouMean(key, names) + " (it takes: " + String.join(", ", names) + ")");
                }
            }
        }
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = argument(pointer, type, parameters[i], args);
        }
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            String message = cause instanceof SparkboltException ? cause.getMessage() : type.getSimpleName() + ": " + cause;
            throw document.error(blamed(pointer, args, message), message);
        } catch (ReflectiveOperationException e) {
            throw document.error(pointer, "cannot create " + type.getName() + ": " + e.getMessage());
        }
    }

    /**
     * Where a constructor's refusal points: the argument its message names (its file line or its
     * {@code --data.args.batchSize} override), else the one argument given on the command line,
     * else the component.
     */
    private String blamed(String argsPointer, ObjectNode args, String message) {
        String component = argsPointer.substring(0, argsPointer.lastIndexOf('/'));
        if (args == null) {
            return component;
        }
        List<String> named = new ArrayList<>();
        List<String> overridden = new ArrayList<>();
        for (Iterator<String> keys = args.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            String pointer = argsPointer + "/" + key;
            if (java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(key) + "\\b").matcher(message).find()) {
                named.add(pointer);
            }
            if (document.where(pointer).startsWith(ConfigDocument.COMMAND_LINE)) {
                overridden.add(pointer);
            }
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        return overridden.size() == 1 ? overridden.get(0) : component;
    }

    private Object argument(String pointer, Class<?> type, Parameter parameter, ObjectNode args) {
        Arg arg = parameter.getAnnotation(Arg.class);
        String argPointer = pointer + "/" + arg.value();
        JsonNode value = args == null ? null : args.get(arg.value());
        if (value == null) {
            if (arg.defaultValue().isEmpty()) {
                throw document.error(pointer, "missing required argument '" + arg.value() + "' of " + type.getSimpleName()
                        + (arg.description().isEmpty() ? "" : " (" + arg.description() + ")"));
            }
            value = io.sparkbolt.trainer.api.ArgDefaults.node(arg);
        }
        JavaType target = ConfigDocument.YAML.getTypeFactory().constructType(parameter.getParameterizedType());
        if (!compatible(value, target.getRawClass())) {
            throw document.error(argPointer, "expected " + describe(target) + ", got " + value);
        }
        try {
            return ConfigDocument.YAML.convertValue(value, target);
        } catch (IllegalArgumentException e) {
            throw document.error(argPointer, "expected " + describe(target) + ", got " + value);
        }
    }

    /** Rejects the silent coercions Jackson would otherwise make (a string for a number, a float for an int). */
    private static boolean compatible(JsonNode value, Class<?> raw) {
        if (value.isNull()) {
            return !raw.isPrimitive(); // null (YAML ~) is "not set" for boxed and object parameters
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return value.isIntegralNumber();
        }
        if (raw == double.class || raw == float.class || raw == Double.class || raw == Float.class) {
            return value.isNumber();
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return value.isBoolean();
        }
        if (raw == String.class) {
            return value.isValueNode();
        }
        if (List.class.isAssignableFrom(raw)) {
            return value.isArray();
        }
        if (Map.class.isAssignableFrom(raw)) {
            return value.isObject();
        }
        return true;
    }

    private static String describe(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (List.class.isAssignableFrom(raw)) {
            return "a list of " + describe(type.getContentType());
        }
        return switch (raw.getSimpleName()) {
            case "int", "Integer", "long", "Long" -> "an integer";
            case "double", "Double", "float", "Float" -> "a number";
            case "boolean", "Boolean" -> "true or false";
            case "String" -> "text";
            default -> "a " + raw.getSimpleName();
        };
    }

    private Object noArgs(String pointer, Class<?> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw document.error(pointer, type.getName() + " has neither an @Arg constructor nor a no-argument one");
        } catch (ReflectiveOperationException e) {
            throw document.error(pointer, "cannot create " + type.getName() + ": " + e.getMessage());
        }
    }
}

package io.sparkbolt.trainer.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkbolt.trainer.TrainerFlag;
import java.util.function.BiConsumer;
import java.util.function.ObjDoubleConsumer;
import java.util.function.ObjIntConsumer;

/**
 * One option of a strategy, defined once: its name, the values it takes, its default and what
 * it does. A strategy's list of these gives its options builder its defaults (a new builder
 * applies each), reads {@code trainer.strategy: {name: ..., key: value}} ({@link StrategyOptions}),
 * and is the table {@code sparkbolt flags --strategy NAME} prints and {@code docs/strategies.md}
 * holds (a test compares them).
 *
 * @param name         the key, as the builder method is named
 * @param shape        what values it takes, for help and errors ({@code integer}, {@code true|false})
 * @param defaultValue the default as YAML ({@code ~}: unset, the description says what that means)
 * @param description  one line of help
 * @param apply        sets a value, already checked to be of the right type, on the builder
 * @param <B>          the strategy's options builder
 */
public record StrategyOption<B>(String name, String shape, String defaultValue, String description, BiConsumer<B, Object> apply) {

    /** An integer option. */
    public static <B> StrategyOption<B> integer(String name, String defaultValue, String description, ObjIntConsumer<B> set) {
        return new StrategyOption<>(name, "integer", defaultValue, description,
                (builder, value) -> set.accept(builder, typed(name, value, Integer.class, "an integer")));
    }

    /** A number option (integers accepted). */
    public static <B> StrategyOption<B> number(String name, String defaultValue, String description, ObjDoubleConsumer<B> set) {
        return new StrategyOption<>(name, "number", defaultValue, description,
                (builder, value) -> set.accept(builder, typed(name, value, Number.class, "a number").doubleValue()));
    }

    /** A true/false option. */
    public static <B> StrategyOption<B> bool(String name, String defaultValue, String description, BiConsumer<B, Boolean> set) {
        return new StrategyOption<>(name, "true|false", defaultValue, description,
                (builder, value) -> set.accept(builder, typed(name, value, Boolean.class, "true or false")));
    }

    /** A text option; {@code shape} says which texts it takes ({@code text}, {@code adaptive|fixed}). */
    public static <B> StrategyOption<B> text(String name, String shape, String defaultValue, String description,
                                             BiConsumer<B, String> set) {
        return new StrategyOption<>(name, shape, defaultValue, description,
                (builder, value) -> set.accept(builder, typed(name, value, String.class, "a string")));
    }

    /** Sets this option's default on {@code builder} (nothing for an unset default, {@code ~}). */
    public void applyDefault(B builder) {
        JsonNode value = TrainerFlag.value(defaultValue);
        if (!value.isNull()) {
            apply.accept(builder, value.isIntegralNumber() ? (Object) value.intValue()
                    : value.isNumber() ? value.doubleValue() : value.isBoolean() ? value.booleanValue() : value.asText());
        }
    }

    private static <T> T typed(String name, Object value, Class<T> type, String expected) {
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("option " + name + " expects " + expected + ", got " + value);
        }
        return type.cast(value);
    }
}

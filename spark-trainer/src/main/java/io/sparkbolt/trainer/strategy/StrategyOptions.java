package io.sparkbolt.trainer.strategy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;

/**
 * A strategy's config options ({@code trainer.strategy: {name: ..., key: value}}) as a
 * {@link StrategyProvider} reads them: unknown keys refused with the known ones listed, each
 * value handed to its setter only when present and of the right type, or refused naming the key
 * and the value it got.
 *
 * @param strategy the strategy's config name, for messages
 * @param options  the config's keys other than {@code name}
 */
public record StrategyOptions(String strategy, Map<String, Object> options) {

    /** Refuses any key not in {@code known}. */
    public StrategyOptions requireKnown(Set<String> known) {
        for (String key : options.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("strategy '" + strategy + "' has no option '" + key
                        + "' (it takes: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        return this;
    }

    /** An integer option. */
    public void integer(String key, IntConsumer target) {
        if (options.containsKey(key)) {
            target.accept(typed(key, Integer.class, "an integer"));
        }
    }

    /** A number option (integers accepted). */
    public void number(String key, DoubleConsumer target) {
        if (options.containsKey(key)) {
            target.accept(typed(key, Number.class, "a number").doubleValue());
        }
    }

    /** A true/false option. */
    public void bool(String key, Consumer<Boolean> target) {
        if (options.containsKey(key)) {
            target.accept(typed(key, Boolean.class, "true or false"));
        }
    }

    /** A text option. */
    public void text(String key, Consumer<String> target) {
        if (options.containsKey(key)) {
            target.accept(typed(key, String.class, "a string"));
        }
    }

    private <T> T typed(String key, Class<T> type, String expected) {
        Object value = options.get(key);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException("option " + key + " expects " + expected + ", got " + value);
        }
        return type.cast(value);
    }
}

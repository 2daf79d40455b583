package io.sparkbolt.trainer.strategy;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A strategy's config options ({@code trainer.strategy: {name: ..., key: value}}) as a
 * {@link StrategyProvider} reads them: unknown keys refused with the known ones listed, each
 * value handed to its option only when present and of the right type, or refused naming the key
 * and the value it got.
 *
 * @param strategy the strategy's config name, for messages
 * @param options  the config's keys other than {@code name}
 */
public record StrategyOptions(String strategy, Map<String, Object> options) {

    /** Sets every option the config gives on {@code builder}, refusing a key {@code known} lacks. */
    public <B> B applyTo(B builder, List<StrategyOption<B>> known) {
        Map<String, StrategyOption<B>> byName = known.stream().collect(Collectors.toMap(StrategyOption::name, o -> o));
        for (Map.Entry<String, Object> option : options.entrySet()) {
            StrategyOption<B> definition = byName.get(option.getKey());
            if (definition == null) {
                throw new IllegalArgumentException("strategy '" + strategy + "' has no option '" + option.getKey()
                        + "'" + io.sparkbolt.trainer.api.Suggestions.didYouMean(option.getKey(), byName.keySet())
                        + " (it takes: " + String.join(", ", new TreeSet<>(byName.keySet())) + ")");
            }
            definition.apply().accept(builder, option.getValue());
        }
        return builder;
    }
}

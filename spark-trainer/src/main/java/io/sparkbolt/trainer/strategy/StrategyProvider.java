package io.sparkbolt.trainer.strategy;

import io.sparkbolt.trainer.spark.SparkSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * Creates a strategy by name from config options ({@code trainer.strategy: {name: local}}).
 * Strategy modules register theirs in {@code META-INF/services}, so the command line finds every
 * strategy on the class path.
 */
public interface StrategyProvider {

    /** The name configs use. */
    String name();

    /** The options configs may give, each defined once ({@code sparkbolt flags --strategy NAME} lists them). */
    default List<? extends StrategyOption<?>> options() {
        return List.of();
    }

    /**
     * Creates the strategy; {@code options} are the config's keys other than {@code name}, and
     * {@code spark} the config's {@code spark:} section (for strategies that start a Spark context).
     */
    Strategy create(Map<String, Object> options, SparkSettings spark);

    /** Every provider on the class path, by name. */
    static List<StrategyProvider> all() {
        List<StrategyProvider> providers = new ArrayList<>();
        ServiceLoader.load(StrategyProvider.class).forEach(providers::add);
        providers.sort(java.util.Comparator.comparing(StrategyProvider::name));
        return providers;
    }

    /** The provider named {@code name} on the class path; fails listing the known names. */
    static StrategyProvider named(String name) {
        TreeSet<String> known = new TreeSet<>();
        for (StrategyProvider provider : ServiceLoader.load(StrategyProvider.class)) {
            if (provider.name().equals(name)) {
                return provider;
            }
            known.add(provider.name());
        }
        java.util.Optional<String> otherLine = io.sparkbolt.trainer.spark.SparkLine.current().strategyUnavailable(name);
        if (otherLine.isPresent()) {
            throw new IllegalArgumentException(otherLine.get());
        }
        throw new IllegalArgumentException("unknown strategy '" + name + "'" + io.sparkbolt.trainer.api.Suggestions.didYouMean(name, known)
                + " (known: " + String.join(", ", known) + ")");
    }
}

package io.sparkbolt.averaging;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.Map;
import java.util.Set;

/**
 * {@code strategy: {name: parameter-averaging, averagingFrequency: 8, numWorkers: 4, ...}} in a
 * run config.
 */
public final class ParameterAveragingProvider implements StrategyProvider {
    private static final Set<String> OPTIONS = Set.of("averagingFrequency", "numWorkers", "averageUpdaterState",
            "aggregationDepth", "shuffleShards", "cacheSize");

    @Override
    public String name() {
        return "parameter-averaging";
    }

    @Override
    public Strategy create(Map<String, Object> options, SparkSettings spark) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("strategy 'parameter-averaging' has no option '" + key
                        + "' (it takes: " + String.join(", ", new java.util.TreeSet<>(OPTIONS)) + ")");
            }
        }
        ParameterAveragingOptions.Builder builder = ParameterAveraging.builder().spark(spark);
        if (options.containsKey("averagingFrequency")) {
            builder.averagingFrequency(integer(options, "averagingFrequency"));
        }
        if (options.containsKey("numWorkers")) {
            builder.numWorkers(integer(options, "numWorkers"));
        }
        if (options.containsKey("averageUpdaterState")) {
            builder.averageUpdaterState(bool(options, "averageUpdaterState"));
        }
        if (options.containsKey("aggregationDepth")) {
            builder.aggregationDepth(integer(options, "aggregationDepth"));
        }
        if (options.containsKey("shuffleShards")) {
            builder.shuffleShards(bool(options, "shuffleShards"));
        }
        if (options.containsKey("cacheSize")) {
            builder.cacheSize(integer(options, "cacheSize"));
        }
        return builder.build();
    }

    private static int integer(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value instanceof Integer number) {
            return number;
        }
        throw new IllegalArgumentException("option " + key + " expects an integer, got " + value);
    }

    private static boolean bool(Map<String, Object> options, String key) {
        Object value = options.get(key);
        if (value instanceof Boolean flag) {
            return flag;
        }
        throw new IllegalArgumentException("option " + key + " expects true or false, got " + value);
    }
}

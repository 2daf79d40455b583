package io.sparkbolt.averaging;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyOptions;
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
        StrategyOptions read = new StrategyOptions(name(), options).requireKnown(OPTIONS);
        ParameterAveragingOptions.Builder builder = ParameterAveraging.builder().spark(spark);
        read.integer("averagingFrequency", builder::averagingFrequency);
        read.integer("numWorkers", builder::numWorkers);
        read.bool("averageUpdaterState", builder::averageUpdaterState);
        read.integer("aggregationDepth", builder::aggregationDepth);
        read.bool("shuffleShards", builder::shuffleShards);
        read.integer("cacheSize", builder::cacheSize);
        return builder.build();
    }
}

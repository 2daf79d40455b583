package io.sparkbolt.averaging;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyOption;
import io.sparkbolt.trainer.strategy.StrategyOptions;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.Map;
import java.util.List;

/**
 * {@code strategy: {name: parameter-averaging, averagingFrequency: 8, numWorkers: 4, ...}} in a
 * run config.
 */
public final class ParameterAveragingProvider implements StrategyProvider {
    @Override
    public String name() {
        return "parameter-averaging";
    }

    @Override
    public List<StrategyOption<ParameterAveragingOptions.Builder>> options() {
        return ParameterAveragingOptions.OPTIONS;
    }

    @Override
    public Strategy create(Map<String, Object> options, SparkSettings spark) {
        ParameterAveragingOptions.Builder builder = ParameterAveraging.builder().spark(spark);
        new StrategyOptions(name(), options).applyTo(builder, ParameterAveragingOptions.OPTIONS);
        return builder.build();
    }
}

package io.sparkbolt.sharing;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyOption;
import io.sparkbolt.trainer.strategy.StrategyOptions;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.Map;
import java.util.List;

/** {@code strategy: {name: gradient-sharing, chunkSteps: 128, thresholdAlgorithm: adaptive, ...}} in a run config. */
public final class GradientSharingProvider implements StrategyProvider {
    @Override
    public String name() {
        return "gradient-sharing";
    }

    @Override
    public List<StrategyOption<GradientSharingOptions.Builder>> options() {
        return GradientSharingOptions.OPTIONS;
    }

    @Override
    public Strategy create(Map<String, Object> options, SparkSettings spark) {
        GradientSharingOptions.Builder builder = GradientSharing.builder().spark(spark);
        new StrategyOptions(name(), options).applyTo(builder, GradientSharingOptions.OPTIONS);
        return builder.build();
    }
}

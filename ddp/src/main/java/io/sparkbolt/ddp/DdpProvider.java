package io.sparkbolt.ddp;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyOption;
import io.sparkbolt.trainer.strategy.StrategyOptions;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.List;
import java.util.Map;

/** {@code strategy: {name: ddp, numWorkers: 4, segmentSteps: 50}} in a run config. */
public final class DdpProvider implements StrategyProvider {
    @Override
    public String name() {
        return "ddp";
    }

    @Override
    public List<StrategyOption<DdpOptions.Builder>> options() {
        return DdpOptions.OPTIONS;
    }

    @Override
    public Strategy create(Map<String, Object> options, SparkSettings spark) {
        DdpOptions.Builder builder = Ddp.builder().spark(spark);
        new StrategyOptions(name(), options).applyTo(builder, DdpOptions.OPTIONS);
        return builder.build();
    }
}

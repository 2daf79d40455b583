package io.sparkbolt.trainer.strategy;

import io.sparkbolt.trainer.spark.SparkSettings;
import java.util.Map;

/** {@code strategy: local}: training in this JVM. It takes no options. */
public final class LocalStrategyProvider implements StrategyProvider {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Strategy create(Map<String, Object> options, SparkSettings spark) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("strategy 'local' takes no options, got " + options.keySet());
        }
        return new LocalStrategy();
    }
}

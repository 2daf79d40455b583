package io.sparkbolt.trainer.strategy;

import java.util.Map;

/** {@code strategy: local}: training in this JVM. It takes no options. */
public final class LocalStrategyProvider implements StrategyProvider {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public Strategy create(Map<String, Object> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("strategy 'local' takes no options, got " + options.keySet());
        }
        return new LocalStrategy();
    }
}

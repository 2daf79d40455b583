package io.sparkbolt.sharing;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** {@code strategy: {name: gradient-sharing, chunkSteps: 128, thresholdAlgorithm: adaptive, ...}} in a run config. */
public final class GradientSharingProvider implements StrategyProvider {
    private static final Set<String> OPTIONS = Set.of("chunkSteps", "numWorkers", "thresholdAlgorithm", "initialThreshold",
            "targetSparsity", "residualClipping", "workersPerNode", "prefetch", "unicastPort", "executorPort",
            "controllerAddress", "networkMask", "mesh", "connectTimeout", "shuffleShards");

    @Override
    public String name() {
        return "gradient-sharing";
    }

    @Override
    public Strategy create(Map<String, Object> options, SparkSettings spark) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("strategy 'gradient-sharing' has no option '" + key
                        + "' (it takes: " + String.join(", ", new TreeSet<>(OPTIONS)) + ")");
            }
        }
        GradientSharingOptions.Builder builder = GradientSharing.builder().spark(spark);
        OptionReader read = new OptionReader(options);
        read.integer("chunkSteps", builder::chunkSteps);
        read.integer("numWorkers", builder::numWorkers);
        read.text("thresholdAlgorithm", name -> builder.thresholdAlgorithm(ThresholdMode.parse(name)));
        read.number("initialThreshold", builder::initialThreshold);
        read.number("targetSparsity", builder::targetSparsity);
        read.number("residualClipping", builder::residualClipping);
        read.integer("workersPerNode", builder::workersPerNode);
        read.integer("prefetch", builder::prefetch);
        read.integer("unicastPort", builder::unicastPort);
        read.integer("executorPort", builder::executorPort);
        read.text("controllerAddress", builder::controllerAddress);
        read.text("networkMask", builder::networkMask);
        read.bool("mesh", builder::mesh);
        read.integer("connectTimeout", builder::connectTimeout);
        read.bool("shuffleShards", builder::shuffleShards);
        return builder.build();
    }

    /** Typed reads of config options, each failing with the option's name and the value it got. */
    private record OptionReader(Map<String, Object> options) {
        void integer(String key, java.util.function.IntConsumer target) {
            if (options.containsKey(key)) {
                if (!(options.get(key) instanceof Integer value)) {
                    throw new IllegalArgumentException("option " + key + " expects an integer, got " + options.get(key));
                }
                target.accept(value);
            }
        }

        void number(String key, java.util.function.DoubleConsumer target) {
            if (options.containsKey(key)) {
                if (!(options.get(key) instanceof Number value)) {
                    throw new IllegalArgumentException("option " + key + " expects a number, got " + options.get(key));
                }
                target.accept(value.doubleValue());
            }
        }

        void bool(String key, java.util.function.Consumer<Boolean> target) {
            if (options.containsKey(key)) {
                if (!(options.get(key) instanceof Boolean value)) {
                    throw new IllegalArgumentException("option " + key + " expects true or false, got " + options.get(key));
                }
                target.accept(value);
            }
        }

        void text(String key, java.util.function.Consumer<String> target) {
            if (options.containsKey(key)) {
                if (!(options.get(key) instanceof String value)) {
                    throw new IllegalArgumentException("option " + key + " expects a string, got " + options.get(key));
                }
                target.accept(value);
            }
        }
    }
}

package io.sparkbolt.sharing;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyOptions;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.Map;
import java.util.Set;

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
        StrategyOptions read = new StrategyOptions(name(), options).requireKnown(OPTIONS);
        GradientSharingOptions.Builder builder = GradientSharing.builder().spark(spark);
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
}

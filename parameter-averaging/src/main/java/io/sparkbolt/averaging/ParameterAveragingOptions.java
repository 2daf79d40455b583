package io.sparkbolt.averaging;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.StrategyOption;
import java.io.Serializable;
import java.util.List;

/**
 * The options of {@link ParameterAveraging}, validated when built.
 *
 * @param averagingFrequency  optimiser steps each worker takes between averagings (K)
 * @param numWorkers          partitions, one worker each; 0 means the cluster's default parallelism
 * @param averageUpdaterState average the updater state (Adam moments ...) too; off, workers keep their own
 * @param aggregationDepth    depth of the tree that sums the workers' results on the executors (fan-in ⌈N^(1/depth)⌉)
 * @param shuffleShards       reorder each worker's shards every epoch (seeded)
 * @param cacheSize           worker states an executor JVM keeps between rounds; 0 rebuilds and re-reads every round
 * @param spark               the Spark context to create when none is active
 */
public record ParameterAveragingOptions(int averagingFrequency, int numWorkers, boolean averageUpdaterState,
                                        int aggregationDepth, boolean shuffleShards, int cacheSize,
                                        SparkSettings spark) implements Serializable {

    /** Worker states an executor keeps between rounds unless told otherwise. */
    public static final int DEFAULT_CACHE_SIZE = 16;
    /** The reduction tree's depth unless told otherwise. */
    public static final int DEFAULT_AGGREGATION_DEPTH = 2;

    /** Every option a config may set, defined once: the builder's defaults, the config keys, the docs' table. */
    public static final List<StrategyOption<Builder>> OPTIONS = List.of(
            StrategyOption.integer("averagingFrequency", "8", "optimiser steps each worker takes between averagings",
                    Builder::averagingFrequency),
            StrategyOption.integer("numWorkers", "0", "workers (partitions, one each); 0: the cluster's default parallelism",
                    Builder::numWorkers),
            StrategyOption.bool("averageUpdaterState", "true", "average the optimiser state (Adam's moments) too; false is not bit-reproducible",
                    Builder::averageUpdaterState),
            StrategyOption.integer("aggregationDepth", String.valueOf(DEFAULT_AGGREGATION_DEPTH),
                    "depth of the tree that sums the workers' results on the executors (more than two workers)",
                    Builder::aggregationDepth),
            StrategyOption.bool("shuffleShards", "true", "reorder each worker's shards every epoch (seeded)", Builder::shuffleShards),
            StrategyOption.integer("cacheSize", String.valueOf(DEFAULT_CACHE_SIZE),
                    "worker states an executor JVM keeps between rounds; 0: rebuild and re-read every round", Builder::cacheSize));

    public ParameterAveragingOptions {
        require(averagingFrequency >= 1, "averagingFrequency", "must be >= 1", averagingFrequency);
        require(numWorkers >= 0, "numWorkers", "must be >= 1 (0: the cluster's parallelism)", numWorkers);
        require(aggregationDepth >= 1, "aggregationDepth", "must be >= 1", aggregationDepth);
        require(cacheSize >= 0, "cacheSize", "must be >= 0 (0: no executor cache)", cacheSize);
        if (spark == null) {
            spark = SparkSettings.defaults();
        }
    }

    private static void require(boolean ok, String option, String rule, Object value) {
        if (!ok) {
            throw new SparkboltException("parameter-averaging option " + option + " " + rule + ", got " + value);
        }
    }

    /** Builds {@link ParameterAveraging}; unset options keep their defaults. */
    public static final class Builder {
        // the defaults are OPTIONS', applied by the constructor: written once
        private int averagingFrequency;
        private int numWorkers;
        private boolean averageUpdaterState;
        private int aggregationDepth;
        private boolean shuffleShards;
        private int cacheSize;
        private SparkSettings spark = SparkSettings.defaults();

        Builder() {
            OPTIONS.forEach(option -> option.applyDefault(this));
        }

        /** Optimiser steps per worker between averagings (default 8). */
        public Builder averagingFrequency(int value) {
            this.averagingFrequency = value;
            return this;
        }

        /** Partitions, one worker each (default: the cluster's default parallelism). */
        public Builder numWorkers(int value) {
            this.numWorkers = value;
            return this;
        }

        /** Average the updater state too (default true; false is not bit-reproducible). */
        public Builder averageUpdaterState(boolean value) {
            this.averageUpdaterState = value;
            return this;
        }

        /** Depth of the aggregation tree (default 2). */
        public Builder aggregationDepth(int value) {
            this.aggregationDepth = value;
            return this;
        }

        /** Reorder each worker's shards every epoch, seeded (default true). */
        public Builder shuffleShards(boolean value) {
            this.shuffleShards = value;
            return this;
        }

        /** Worker states kept per executor JVM between rounds (default 16; 0 streams every round). */
        public Builder cacheSize(int value) {
            this.cacheSize = value;
            return this;
        }

        /** The Spark context to create when none is active (default: local[*] or spark-submit's). */
        public Builder spark(SparkSettings value) {
            this.spark = value;
            return this;
        }

        public ParameterAveraging build() {
            return new ParameterAveraging(new ParameterAveragingOptions(averagingFrequency, numWorkers, averageUpdaterState,
                    aggregationDepth, shuffleShards, cacheSize, spark));
        }
    }
}

package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.StrategyOption;
import java.io.Serializable;
import java.util.List;

/**
 * The options of {@link Ddp}, validated when built.
 *
 * @param numWorkers     workers (tasks of the barrier stage, one each); 0 means the cluster's default parallelism
 * @param segmentSteps   optimiser steps of one segment (one barrier stage); the driver's callbacks,
 *                       loggers, validation and checkpoints run between segments
 * @param shuffleShards  reorder each worker's shards every epoch (seeded)
 * @param cacheSize      worker states an executor JVM keeps between segments
 * @param timeoutSeconds how long a worker waits for a peer (connecting, and each exchange) before the stage fails
 * @param spark          the Spark context to create when none is active
 */
public record DdpOptions(int numWorkers, int segmentSteps, boolean shuffleShards, int cacheSize, int timeoutSeconds,
                         SparkSettings spark) implements Serializable {

    /** Every option a config may set, defined once: the builder's defaults, the config keys, the docs' table. */
    public static final List<StrategyOption<Builder>> OPTIONS = List.of(
            StrategyOption.integer("numWorkers", "0", "workers, one barrier task each (and one GPU); 0: the cluster's default parallelism",
                    Builder::numWorkers),
            StrategyOption.integer("segmentSteps", "200", "optimiser steps per segment (one barrier stage each); callbacks, validation and checkpoints run between",
                    Builder::segmentSteps),
            StrategyOption.bool("shuffleShards", "true", "reorder each worker's shards every epoch (seeded)", Builder::shuffleShards),
            StrategyOption.integer("cacheSize", "16", "worker states an executor JVM keeps between segments; 0: rebuild and re-read each segment",
                    Builder::cacheSize),
            StrategyOption.integer("timeoutSeconds", "120", "how long a worker waits for a peer before the segment fails with its name",
                    Builder::timeoutSeconds));

    public DdpOptions {
        require(numWorkers >= 0, "numWorkers", "must be >= 1 (0: the cluster's parallelism)", numWorkers);
        require(segmentSteps >= 1, "segmentSteps", "must be >= 1", segmentSteps);
        require(cacheSize >= 0, "cacheSize", "must be >= 0 (0: no executor cache)", cacheSize);
        require(timeoutSeconds >= 1, "timeoutSeconds", "must be >= 1", timeoutSeconds);
        if (spark == null) {
            spark = SparkSettings.defaults();
        }
    }

    private static void require(boolean ok, String option, String rule, Object value) {
        if (!ok) {
            throw new SparkboltException("ddp option " + option + " " + rule + ", got " + value);
        }
    }

    /** Builds {@link Ddp}; unset options keep their defaults ({@link #OPTIONS}). */
    public static final class Builder {
        // the defaults are OPTIONS', applied by the constructor: written once
        private int numWorkers;
        private int segmentSteps;
        private boolean shuffleShards;
        private int cacheSize;
        private int timeoutSeconds;
        private SparkSettings spark = SparkSettings.defaults();

        Builder() {
            OPTIONS.forEach(option -> option.applyDefault(this));
        }

        /** Workers, one barrier task each (default: the cluster's default parallelism). */
        public Builder numWorkers(int value) {
            this.numWorkers = value;
            return this;
        }

        /** Optimiser steps per segment, between the driver's callbacks. */
        public Builder segmentSteps(int value) {
            this.segmentSteps = value;
            return this;
        }

        /** Reorder each worker's shards every epoch, seeded. */
        public Builder shuffleShards(boolean value) {
            this.shuffleShards = value;
            return this;
        }

        /** Worker states kept per executor JVM between segments. */
        public Builder cacheSize(int value) {
            this.cacheSize = value;
            return this;
        }

        /** Seconds a worker waits for a peer before the segment fails. */
        public Builder timeoutSeconds(int value) {
            this.timeoutSeconds = value;
            return this;
        }

        /** The Spark context to create when none is active (default: local[*] or spark-submit's). */
        public Builder spark(SparkSettings value) {
            this.spark = value;
            return this;
        }

        public Ddp build() {
            return new Ddp(new DdpOptions(numWorkers, segmentSteps, shuffleShards, cacheSize, timeoutSeconds, spark));
        }
    }
}

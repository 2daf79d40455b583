package io.sparkbolt.sharing;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.StrategyOption;
import java.io.Serializable;
import java.util.List;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;

/**
 * The options of {@link GradientSharing}, validated when built.
 *
 * @param chunkSteps        optimiser steps each worker takes per chunk; callbacks, validation and
 *                          checkpoints run on the driver between chunks
 * @param numWorkers        partitions of each chunk; 0 means the cluster's default parallelism
 * @param thresholdMode     how the encoding threshold is chosen
 * @param initialThreshold  the encoding threshold to start from
 * @param targetSparsity    the fraction of update elements to send ({@link ThresholdMode#TARGET_SPARSITY})
 * @param residualClipping  clip the residual (updates not yet sent) to this multiple of the
 *                          threshold every 5 steps; 0 turns clipping off
 * @param workersPerNode    training threads per executor; 0 means the GPUs per executor, else 1
 * @param prefetch          batches each worker thread reads ahead
 * @param unicastPort       the UDP port the update exchange listens on (driver; executors too unless
 *                          {@code executorPort} is set)
 * @param executorPort      the UDP port executors listen on; 0 means any free port
 * @param controllerAddress the driver address executors send updates to; null means 127.0.0.1 on a
 *                          local master, else the driver host Spark uses
 * @param networkMask       the network executors pick their own address from (e.g. 10.0.0.0/16);
 *                          null means the /24 of the address Spark uses for each executor
 * @param mesh              build a mesh of executors instead of a plain tree under the driver
 * @param connectTimeout    seconds an executor may take to join the exchange before the fit fails
 * @param shuffleShards     reorder each worker's shards every epoch (seeded)
 * @param allowUnauthenticatedExchange the user's statement that the network is trusted: DL4J's
 *                          exchange Java-deserialises what reaches its UDP ports, unauthenticated,
 *                          so the strategy refuses to start without it
 * @param spark             the Spark context to create when none is active
 */
public record GradientSharingOptions(int chunkSteps, int numWorkers, ThresholdMode thresholdMode,
                                     double initialThreshold, double targetSparsity, double residualClipping,
                                     int workersPerNode, int prefetch, int unicastPort, int executorPort,
                                     String controllerAddress, String networkMask, boolean mesh, int connectTimeout,
                                     boolean shuffleShards, boolean allowUnauthenticatedExchange, SparkSettings spark)
        implements Serializable {
    /** The line a fit gets when the exchange was not allowed; also what the docs quote. */
    public static final String UNAUTHENTICATED_EXCHANGE = "gradient-sharing: DL4J's update exchange Java-deserialises whatever"
            + " reaches its UDP ports, without authentication, so anyone who can send to them can run code in the driver and the"
            + " executors; use it only on a trusted network and set strategy.allowUnauthenticatedExchange: true, or use"
            + " strategy: ddp (its exchange runs through Spark's authenticated RPC)";

    /** Every option a config may set, defined once: the builder's defaults, the config keys, the docs' table. */
    public static final List<StrategyOption<Builder>> OPTIONS = List.of(
            StrategyOption.integer("chunkSteps", "64", "optimiser steps per worker between the driver's callbacks", Builder::chunkSteps),
            StrategyOption.integer("numWorkers", "0", "partitions of each chunk; 0: the cluster's default parallelism", Builder::numWorkers),
            StrategyOption.text("thresholdAlgorithm", "adaptive|fixed|target-sparsity", "adaptive", "how the encoding threshold is chosen",
                    (b, name) -> b.thresholdAlgorithm(ThresholdMode.parse(name))),
            StrategyOption.number("initialThreshold", String.valueOf(AdaptiveThresholdAlgorithm.DEFAULT_INITIAL_THRESHOLD),
                    "the encoding threshold to start from (DL4J's default)", Builder::initialThreshold),
            StrategyOption.number("targetSparsity", "0.001", "the fraction of update elements to send (target-sparsity)",
                    Builder::targetSparsity),
            StrategyOption.number("residualClipping", "5.0", "clip the unsent residual to this multiple of the threshold; 0: off",
                    Builder::residualClipping),
            StrategyOption.integer("workersPerNode", "0", "training threads per executor; 0: its GPUs, else 1", Builder::workersPerNode),
            StrategyOption.integer("prefetch", "2", "batches each worker thread reads ahead", Builder::prefetch),
            StrategyOption.integer("unicastPort", "40123", "the driver's UDP port for the update exchange", Builder::unicastPort),
            StrategyOption.integer("executorPort", "0", "the executors' UDP port; 0: any free port", Builder::executorPort),
            StrategyOption.text("controllerAddress", "text", "~", "the driver address executors send to; unset: 127.0.0.1 locally, else Spark's driver host",
                    Builder::controllerAddress),
            StrategyOption.text("networkMask", "text", "~", "the network executors take their address from, e.g. 10.0.0.0/16; unset: the /24 of their Spark address",
                    Builder::networkMask),
            StrategyOption.bool("mesh", "false", "connect executors in a mesh rather than a tree under the driver", Builder::mesh),
            StrategyOption.integer("connectTimeout", "60", "seconds an executor may take to join the exchange", Builder::connectTimeout),
            StrategyOption.bool("shuffleShards", "true", "reorder each worker's shards every epoch (seeded)", Builder::shuffleShards),
            StrategyOption.bool("allowUnauthenticatedExchange", "false",
                    "required: DL4J's exchange is unauthenticated (Java-deserialised UDP); true only on a trusted network",
                    Builder::allowUnauthenticatedExchange));

    public GradientSharingOptions {
        require(chunkSteps >= 1, "chunkSteps", "must be >= 1", chunkSteps);
        require(numWorkers >= 0, "numWorkers", "must be >= 1 (0: the cluster's parallelism)", numWorkers);
        require(thresholdMode != null, "thresholdAlgorithm", "must be adaptive, fixed or target-sparsity", null);
        require(initialThreshold > 0, "initialThreshold", "must be > 0", initialThreshold);
        require(targetSparsity > 0 && targetSparsity <= 1, "targetSparsity", "must be in (0, 1]", targetSparsity);
        require(residualClipping >= 0, "residualClipping", "must be >= 0 (0: off)", residualClipping);
        require(workersPerNode >= 0, "workersPerNode", "must be >= 1 (0: GPUs per executor, else 1)", workersPerNode);
        require(prefetch >= 0, "prefetch", "must be >= 0", prefetch);
        require(unicastPort > 0 && unicastPort < 65536, "unicastPort", "must be a port in 1..65535", unicastPort);
        require(executorPort >= 0 && executorPort < 65536, "executorPort", "must be a port in 1..65535 (0: any free port)", executorPort);
        require(connectTimeout >= 1, "connectTimeout", "must be >= 1 second", connectTimeout);
        require(controllerAddress == null || !isWildcard(controllerAddress), "controllerAddress",
                "must be the driver's own address, not a wildcard that listens on every network", controllerAddress);
        if (!allowUnauthenticatedExchange) {
            throw new SparkboltException(UNAUTHENTICATED_EXCHANGE);
        }
        if (spark == null) {
            spark = SparkSettings.defaults();
        }
    }

    private static boolean isWildcard(String address) {
        String bare = address.strip();
        return bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("[::]") || bare.equals("*");
    }

    private static void require(boolean ok, String option, String rule, Object value) {
        if (!ok) {
            throw new SparkboltException("gradient-sharing option " + option + " " + rule + ", got " + value);
        }
    }

    /** Builds {@link GradientSharing}; unset options keep their defaults. */
    public static final class Builder {
        // the defaults are OPTIONS', applied by the constructor: written once
        private int chunkSteps;
        private int numWorkers;
        private ThresholdMode thresholdMode;
        private double initialThreshold;
        private double targetSparsity;
        private double residualClipping;
        private int workersPerNode;
        private int prefetch;
        private int unicastPort;
        private int executorPort;
        private String controllerAddress;
        private String networkMask;
        private boolean mesh;
        private int connectTimeout;
        private boolean shuffleShards;
        private boolean allowUnauthenticatedExchange;
        private SparkSettings spark = SparkSettings.defaults();

        Builder() {
            OPTIONS.forEach(option -> option.applyDefault(this));
        }

        /** Optimiser steps per worker between the driver's callbacks (default 64). */
        public Builder chunkSteps(int value) {
            this.chunkSteps = value;
            return this;
        }

        /** Partitions of each chunk (default: the cluster's default parallelism). */
        public Builder numWorkers(int value) {
            this.numWorkers = value;
            return this;
        }

        /** How the encoding threshold is chosen (default adaptive). */
        public Builder thresholdAlgorithm(ThresholdMode value) {
            this.thresholdMode = value;
            return this;
        }

        /** The encoding threshold to start from (default DL4J's, 1e-4). */
        public Builder initialThreshold(double value) {
            this.initialThreshold = value;
            return this;
        }

        /** The fraction of update elements to send with {@link ThresholdMode#TARGET_SPARSITY} (default 1e-3). */
        public Builder targetSparsity(double value) {
            this.targetSparsity = value;
            return this;
        }

        /** Residual clipping as a multiple of the threshold (default 5; 0 off). */
        public Builder residualClipping(double value) {
            this.residualClipping = value;
            return this;
        }

        /** Training threads per executor (default: GPUs per executor, else 1). */
        public Builder workersPerNode(int value) {
            this.workersPerNode = value;
            return this;
        }

        /** Batches each worker thread reads ahead (default 2). */
        public Builder prefetch(int value) {
            this.prefetch = value;
            return this;
        }

        /** The driver's UDP port for the update exchange (default 40123). */
        public Builder unicastPort(int value) {
            this.unicastPort = value;
            return this;
        }

        /** The executors' UDP port (default 0: any free port, so executors can share a host). */
        public Builder executorPort(int value) {
            this.executorPort = value;
            return this;
        }

        /** The driver address executors send updates to (default: 127.0.0.1 locally, else Spark's driver host). */
        public Builder controllerAddress(String value) {
            this.controllerAddress = value;
            return this;
        }

        /** The network executors take their address from, e.g. {@code 10.0.0.0/16} (default: their Spark address's /24). */
        public Builder networkMask(String value) {
            this.networkMask = value;
            return this;
        }

        /** Connect executors in a mesh rather than a plain tree (default false). */
        public Builder mesh(boolean value) {
            this.mesh = value;
            return this;
        }

        /** Seconds an executor may take to join the exchange (default 60). */
        public Builder connectTimeout(int value) {
            this.connectTimeout = value;
            return this;
        }

        /** Reorder each worker's shards every epoch, seeded (default true). */
        public Builder shuffleShards(boolean value) {
            this.shuffleShards = value;
            return this;
        }

        /**
         * States that the network between driver and executors is trusted (default false, which
         * the strategy refuses): DL4J's exchange is unauthenticated.
         */
        public Builder allowUnauthenticatedExchange(boolean value) {
            this.allowUnauthenticatedExchange = value;
            return this;
        }

        /** The Spark context to create when none is active. */
        public Builder spark(SparkSettings value) {
            this.spark = value;
            return this;
        }

        public GradientSharing build() {
            return new GradientSharing(new GradientSharingOptions(chunkSteps, numWorkers, thresholdMode, initialThreshold,
                    targetSparsity, residualClipping, workersPerNode, prefetch, unicastPort, executorPort,
                    controllerAddress, networkMask, mesh, connectTimeout, shuffleShards, allowUnauthenticatedExchange, spark));
        }
    }
}

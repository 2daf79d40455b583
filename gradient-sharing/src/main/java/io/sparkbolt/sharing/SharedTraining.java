package io.sparkbolt.sharing;

import io.sparkbolt.trainer.network.Network;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.ResidualPostProcessor;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.residual.NoOpResidualPostProcessor;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.residual.ResidualClippingPostProcessor;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One fit's exchange: the training master and DL4J's Spark wrapper around the driver's own
 * network object, so the parameters and updater state DL4J keeps current are the ones the
 * Trainer's callbacks and checkpoints read.
 */
final class SharedTraining {
    /** DL4J's residual clipping runs every this many steps. */
    private static final int RESIDUAL_CLIP_FREQUENCY = 5;

    private final ChunkedTrainingMaster master;
    private final SparkDl4jMultiLayer multiLayer;
    private final SparkComputationGraph graph;

    SharedTraining(GradientSharingOptions options, JavaSparkContext spark, Network network, int batchSize) {
        ResidualPostProcessor residual = options.residualClipping() > 0
                ? new ResidualClippingPostProcessor(options.residualClipping(), RESIDUAL_CLIP_FREQUENCY)
                : new NoOpResidualPostProcessor();
        int workers = options.numWorkers() > 0 ? options.numWorkers() : spark.defaultParallelism();
        this.master = new ChunkedTrainingMaster(DriverExchange.configure(options, spark), workers,
                options.thresholdMode().algorithm(options.initialThreshold(), options.targetSparsity()), residual,
                batchSize, workersPerNode(options, spark), options.prefetch(), options.connectTimeout());
        if (network.model() instanceof ComputationGraph computationGraph) {
            this.graph = new SparkComputationGraph(spark, computationGraph, master);
            this.multiLayer = null;
        } else {
            this.multiLayer = new SparkDl4jMultiLayer(spark, (MultiLayerNetwork) network.model(), master);
            this.graph = null;
        }
    }

    /** Trains on the chunk's batches (one partition per worker) and returns DL4J's loss at its end. */
    double train(JavaRDD<DataSet> chunk) {
        if (multiLayer != null) {
            master.executeTraining(multiLayer, chunk);
            return multiLayer.getNetwork().score();
        }
        master.executeTraining(graph, chunk);
        return graph.getNetwork().score();
    }

    /** Threads per executor: as asked, else one per GPU the executors are given, else one. */
    static int workersPerNode(GradientSharingOptions options, JavaSparkContext spark) {
        if (options.workersPerNode() > 0) {
            return options.workersPerNode();
        }
        return Math.max(1, (int) spark.getConf().getDouble("spark.executor.resource.gpu.amount", 1));
    }
}

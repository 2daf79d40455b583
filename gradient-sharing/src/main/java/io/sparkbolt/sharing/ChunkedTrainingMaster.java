package io.sparkbolt.sharing;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.ResidualPostProcessor;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.ThresholdAlgorithm;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingResult;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * DL4J's {@code SharedTrainingMaster} as the Trainer drives it: one call per chunk on an RDD whose
 * partitions are the workers (never repartitioned, never exported to files), each partition's
 * training wrapped in {@link ExecutorTraining}. Everything else — the Aeron exchange, threshold
 * encoding, the driver's copy of the model kept current from the update stream, the updater
 * state averaged at the end of a chunk — is DL4J's.
 */
final class ChunkedTrainingMaster extends SharedTrainingMaster {
    /** The chunk RDD is persisted by the strategy at this level; the master must ask for the same. */
    static final StorageLevel CHUNK_STORAGE = StorageLevel.MEMORY_ONLY();

    private final int connectTimeout;

    ChunkedTrainingMaster(VoidConfiguration network, int numWorkers, ThresholdAlgorithm threshold,
                          ResidualPostProcessor residual, int batchSize, int workersPerNode, int prefetch,
                          int connectTimeout) {
        // DL4J's constructor is positional; its parameters named (from its class file), with what each value means here.
        super(network,                        // voidConfiguration: the Aeron exchange (DriverExchange)
                numWorkers,                   // numWorkers
                RDDTrainingApproach.Direct,   // rddTrainingApproach: train on the RDD's DataSets, no export to files
                CHUNK_STORAGE,                // storageLevel: as the strategy persists the chunk
                false,                        // collectTrainingStats
                RepartitionStrategy.Balanced, // repartitionStrategy (unused: never repartitioned)
                Repartition.Never,            // repartition: the partitions are the workers
                threshold,                    // thresholdAlgorithm
                residual,                     // residualPostProcessor
                1,                            // rddDataSetNumExamples: one batch per DataSet
                batchSize,                    // batchSizePerWorker
                0L,                           // debugLongerIterations
                workersPerNode,               // numWorkersPerNode
                prefetch,                     // workerPrefetchBatches
                null,                         // repartitioner
                true,                         // workerTogglePeriodicGC
                5000,                         // workerPeriodicGCFrequency (ms)
                false);                       // encodingDebugMode
        this.connectTimeout = connectTimeout;
    }

    @Override
    protected void doIteration(SparkDl4jMultiLayer network, JavaRDD<DataSet> chunk, int splitNum, int numSplits) {
        JavaRDD<SharedTrainingResult> results = chunk.mapPartitions(new ExecutorTraining(getWorkerInstance(network), connectTimeout));
        processResults(network, null, results);
    }

    @Override
    protected void doIteration(SparkComputationGraph graph, JavaRDD<DataSet> chunk, int splitNum, int numSplits) {
        JavaRDD<SharedTrainingResult> results = chunk.mapPartitions(new ExecutorTraining(getWorkerInstance(graph), connectTimeout));
        processResults(null, graph, results);
    }
}

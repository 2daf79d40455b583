package io.sparkbolt.bench;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.sharing.GradientSharing;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.strategy.Strategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;

/**
 * Gradient sharing against its baseline, in one JVM on {@code local[2]}: DL4J's own
 * {@code SparkDl4jMultiLayer} + {@code SharedTrainingMaster} (its defaults: adaptive threshold,
 * Export approach, the same training batches as a 2-partition RDD), Sparkbolt gradient sharing
 * (default options, 2 workers) and Sparkbolt parameter averaging (2 workers, K = 16). First the
 * MNIST MLP 784-256-128-10, then a large MLP 784-3000-2500-10 (~9.9 M parameters) on the first
 * {@code largeBatches} batches per worker; batch 64, Adam 1e-3 throughout. The first epoch of each
 * is a warm-up; the median of the others is reported, with test accuracy after the last.
 *
 * <p>Arguments: {@code [dataDir] [epochs] [largeBatches] [reportFile]}.
 */
public final class SharingBenchmark {
    private static final List<Integer> SMALL = List.of(256, 128);
    private static final List<Integer> LARGE = List.of(3000, 2500);
    private static final double LR = 1e-3;
    private static final long SEED = 42;
    private static final int WORKERS = 2;
    private static final int K = 16;

    private SharingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "data/mnist";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int largeBatches = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path report = args.length > 3 ? Path.of(args[3]) : null;

        JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[" + WORKERS + "]")
                .setAppName("sparkbolt-sharing-benchmark").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.task.maxDirectResultSize", "256m"));
        MnistDataModule data = new MnistDataModule(dir, 64);
        data.prepareData();
        data.setup(Stage.FIT);
        data.setup(Stage.TEST);

        EpochResult stm = sharedTrainingMaster(spark, data, SMALL, epochs, -1);
        System.out.println("DL4J STM: " + stm);
        EpochResult sharing = sparkbolt(dir, epochs, GradientSharing.builder().numWorkers(WORKERS).allowUnauthenticatedExchange(true).build(), data, SMALL, -1);
        System.out.println("Sparkbolt gradient sharing: " + sharing);
        EpochResult averaging = sparkbolt(dir, epochs, averaging(), data, SMALL, -1);
        System.out.println("Sparkbolt parameter averaging: " + averaging);

        EpochResult largeStm = sharedTrainingMaster(spark, data, LARGE, epochs, largeBatches);
        System.out.println("large, DL4J STM: " + largeStm);
        EpochResult largeSharing = sparkbolt(dir, epochs, GradientSharing.builder().numWorkers(WORKERS).allowUnauthenticatedExchange(true).build(), data, LARGE, largeBatches);
        System.out.println("large, Sparkbolt gradient sharing: " + largeSharing);
        EpochResult largeAveraging = sparkbolt(dir, epochs, averaging(), data, LARGE, largeBatches);
        System.out.println("large, Sparkbolt parameter averaging: " + largeAveraging);
        spark.stop();

        double vsStm = sharing.median() / stm.median();
        double accDelta = sharing.accuracy() - stm.accuracy();
        double largeVsStm = largeSharing.median() / largeStm.median();
        BenchmarkReport out = new BenchmarkReport("Gradient sharing on local[2]: DL4J SharedTrainingMaster vs Sparkbolt",
                "benchmarks/run gradient-sharing")
                .line("Batch 64, Adam 1e-3, seed 42, " + epochs + " epochs each, first epoch dropped as warm-up. DL4J: "
                        + "SparkDl4jMultiLayer + SharedTrainingMaster with its defaults (adaptive threshold 1e-4, residual clipping 5, "
                        + "RDDTrainingApproach.Export, 1 worker per node) over the same training batches as a 2-partition RDD. "
                        + "Sparkbolt gradient sharing: the same DL4J exchange with default options (chunks of 64 steps, 2 workers, data "
                        + "read from shards on the executors). Sparkbolt parameter averaging: 2 workers, K = " + K + ".")
                .line("")
                .line("| model | trainer | median warm epoch s | epochs (s) | test accuracy |")
                .line("|---|---|---|---|---|")
                .line(stm.row("MLP 784-256-128-10 (235 k params)", "DL4J SharedTrainingMaster"))
                .line(sharing.row("MLP 784-256-128-10 (235 k params)", "Sparkbolt gradient sharing"))
                .line(averaging.row("MLP 784-256-128-10 (235 k params)", "Sparkbolt parameter averaging"))
                .line(largeStm.row("MLP 784-3000-2500-10 (9.9 M params), " + largeBatches + " batches/worker", "DL4J SharedTrainingMaster"))
                .line(largeSharing.row("MLP 784-3000-2500-10 (9.9 M params), " + largeBatches + " batches/worker", "Sparkbolt gradient sharing"))
                .line(largeAveraging.row("MLP 784-3000-2500-10 (9.9 M params), " + largeBatches + " batches/worker", "Sparkbolt parameter averaging"))
                .line("")
                .line(String.format("Sparkbolt gradient sharing / DL4J STM: **%.3f** (MLP), **%.3f** (large MLP); accuracy Sparkbolt − STM: "
                        + "**%+.4f** (MLP), **%+.4f** (large). Parameter averaging / gradient sharing: **%.3f** (MLP), **%.3f** (large MLP).",
                        vsStm, largeVsStm, accDelta, largeSharing.accuracy() - largeStm.accuracy(),
                        averaging.median() / sharing.median(), largeAveraging.median() / largeSharing.median()));
        out.publish(report, String.format("vs_stm=%.3f acc_delta=%.4f large_vs_stm=%.3f pa_vs_gs=%.3f large_pa_vs_gs=%.3f",
                vsStm, accDelta, largeVsStm, averaging.median() / sharing.median(), largeAveraging.median() / largeSharing.median()));
    }

    private static ParameterAveraging averaging() {
        return ParameterAveraging.builder().numWorkers(WORKERS).averagingFrequency(K).build();
    }

    /** DL4J's own gradient sharing, as its documentation sets it up for one machine; {@code perWorker} < 0 means all batches. */
    private static EpochResult sharedTrainingMaster(JavaSparkContext spark, MnistDataModule data, List<Integer> hidden, int epochs,
                                               int perWorker) {
        List<DataSet> batches = RawDl4jLoop.trainingBatches(data, SEED);
        // What DL4J's users must set themselves (Aeron refuses to start otherwise); Sparkbolt sets it for them.
        System.setProperty("aeron.publication.unblock.timeout", "60000000000");
        List<DataSet> used = perWorker < 0 ? batches : batches.subList(0, Math.min(batches.size(), perWorker * WORKERS));
        JavaRDD<DataSet> rdd = spark.parallelize(used, WORKERS);
        VoidConfiguration network = VoidConfiguration.builder().unicastPort(40124).controllerAddress("127.0.0.1")
                .networkMask("127.0.0.0/8").build();
        SharedTrainingMaster master = new SharedTrainingMaster.Builder(network, 64).batchSizePerWorker(64).workersPerNode(1)
                .rngSeed(SEED).build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(spark, RawDl4jLoop.conf(hidden, LR, SEED), master);
        List<Double> times = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            sparkNet.fit(rdd);
            times.add((System.nanoTime() - start) / 1e9);
        }
        EpochResult result = new EpochResult(times, RawDl4jLoop.testAccuracy(sparkNet.getNetwork(), data));
        ModelParameterServer.getInstance().shutdown(); // frees its port; the next run starts its own exchange
        return result;
    }

    private static EpochResult sparkbolt(String dir, int epochs, Strategy strategy, MnistDataModule testData, List<Integer> hidden,
                                    int perWorker) {
        EpochTimer timer = new EpochTimer();
        var builder = Trainer.builder().maxEpochs(epochs).seed(SEED).strategy(strategy)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .numSanityValSteps(0).limitValBatches(0).callbacks(timer);
        if (perWorker > 0) {
            builder.limitTrainBatches(perWorker);
        }
        Trainer trainer = builder.build();
        trainer.fit(new MlpClassifier(hidden, LR), new MnistDataModule(dir, 64, 5000, MnistDataModule.DEFAULT_URL, SEED, WORKERS));
        return new EpochResult(timer.seconds(), RawDl4jLoop.testAccuracy((MultiLayerNetwork) trainer.network().model(), testData));
    }
}

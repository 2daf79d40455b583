package io.sparkbolt.bench;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.averaging.RoundTimings;
import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Parameter averaging against its baselines, in one JVM on {@code local[2]}: the raw single-JVM
 * DL4J loop, DL4J's own {@code SparkDl4jMultiLayer} + {@code ParameterAveragingTrainingMaster}
 * (averaging frequency 10, the same training batches as a cached RDD), and Sparkbolt's
 * parameter averaging (2 workers). The MNIST MLP 784-256-128-10, batch 64, Adam 1e-3. Every trainer
 * runs once per seed, the trainers taking turns; the first epoch of each run is a warm-up. Reported:
 * the median of all warm epochs, and test accuracy as a mean over the seeds (one seed's accuracy
 * moves by more than the half point the comparison is about). Then the per-round overhead (round
 * time minus compute) for K = 1, 4, 16, 64.
 *
 * <p>Arguments: {@code [dataDir] [epochs] [K] [reportFile] [seeds, comma-separated]}. With
 * {@code -Dsweep=KxLRFACTOR[xBATCH[xSEED]],...} it instead prints one Sparkbolt run per point.
 */
public final class AveragingBenchmark {
    private static final List<Integer> HIDDEN = List.of(256, 128);
    private static final double LR = 1e-3;
    private static final long SEED = 42;
    private static final int WORKERS = 2;

    private AveragingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "data/mnist";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        int k = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Path report = args.length > 3 ? Path.of(args[3]) : null;

        JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[" + WORKERS + "]")
                .setAppName("sparkbolt-averaging-benchmark").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.task.maxDirectResultSize", "256m")
                .set("spark.broadcast.compress", System.getProperty("broadcast.compress", "false")));
        MnistDataModule data = new MnistDataModule(dir, 64);
        data.prepareData();
        data.setup(Stage.FIT);
        data.setup(Stage.TEST);

        if (epochs == 0) { // overhead table only
            BenchmarkReport overhead = new BenchmarkReport("Parameter averaging round overhead", "benchmarks/run parameter-averaging 0");
            overheadByK(dir, overhead);
            spark.stop();
            overhead.publish(null, "overhead_only=true");
            return;
        }
        if (System.getProperty("sweep") != null) { // exploratory: K x learning-rate factor [x batch per worker], printed only
            for (String point : System.getProperty("sweep").split(",")) {
                String[] kAndFactor = point.split("x");
                ParameterAveraging swept = ParameterAveraging.builder().numWorkers(WORKERS)
                        .averagingFrequency(Integer.parseInt(kAndFactor[0])).build();
                int batch = kAndFactor.length > 2 ? Integer.parseInt(kAndFactor[2]) : 64;
                long seed = kAndFactor.length > 3 ? Long.parseLong(kAndFactor[3]) : SEED;
                System.out.println("K=" + kAndFactor[0] + " lr x" + kAndFactor[1] + " batch/worker " + batch + " seed " + seed + ": "
                        + sparkbolt(dir, epochs, swept, data, LR * Double.parseDouble(kAndFactor[1]), batch, seed));
            }
            spark.stop();
            return;
        }
        if (Boolean.getBoolean("patm.only")) {
            System.out.println("DL4J PATM: " + dl4jParameterAveraging(spark, data, epochs, SEED));
            spark.stop();
            return;
        }
        List<Long> seeds = seedList(args.length > 4 ? args[4] : "42,1,2,3,4");
        SeededResults raw = new SeededResults();
        SeededResults patm = new SeededResults();
        SeededResults sparkbolt = new SeededResults();
        SeededResults scaled = new SeededResults();
        List<Double> computeOnly = new ArrayList<>();
        for (long seed : seeds) { // the trainers take turns within each seed, so a slow spell of the machine hits all
            raw.add(print("raw, seed " + seed, raw(data, epochs, seed)));
            patm.add(print("DL4J PATM, seed " + seed, dl4jParameterAveraging(spark, data, epochs, seed)));
            ParameterAveraging strategy = ParameterAveraging.builder().numWorkers(WORKERS).averagingFrequency(k).build();
            sparkbolt.add(print("Sparkbolt, seed " + seed, sparkbolt(dir, epochs, strategy, data, LR, 64, seed)));
            computeOnly.add(lastEpochCompute(strategy, epochs));
            ParameterAveraging scaledStrategy = ParameterAveraging.builder().numWorkers(WORKERS).averagingFrequency(k).build();
            scaled.add(print("Sparkbolt lr x workers, seed " + seed, sparkbolt(dir, epochs, scaledStrategy, data, LR * WORKERS, 64, seed)));
        }

        String seedText = seeds.stream().map(String::valueOf).collect(Collectors.joining(","));
        BenchmarkReport out = new BenchmarkReport("Parameter averaging on local[2]: raw DL4J vs DL4J PATM vs Sparkbolt",
                "benchmarks/run parameter-averaging " + epochs + " " + k + " " + seedText)
                .line("MNIST MLP 784-256-128-10, batch 64 per worker, Adam 1e-3, " + epochs + " epochs per run, one run per seed ("
                        + seedText + "; the seed sets the initial weights and the batch order), first epoch of each run dropped as "
                        + "warm-up, the trainers taking turns within a seed; DL4J PATM with averaging frequency 10 "
                        + "(RDDTrainingApproach.Export, DL4J's default) over the same training batches as a 2-partition RDD; "
                        + "Sparkbolt with " + WORKERS + " workers, K = " + k + ". Epoch time: median of all warm epochs; "
                        + "accuracy: mean ± standard deviation over the seeds.")
                .line("")
                .line("| trainer | median warm epoch s | warm epochs (s) | test accuracy per seed | mean ± sd |")
                .line("|---|---|---|---|---|")
                .line(raw.row("raw single-JVM DL4J loop"))
                .line(patm.row("DL4J SparkDl4jMultiLayer + ParameterAveragingTrainingMaster"))
                .line(sparkbolt.row("Sparkbolt parameter averaging"))
                .line(scaled.row("Sparkbolt parameter averaging, learning rate × " + WORKERS + " (linear scaling rule)"))
                .line("");
        double vsRaw = sparkbolt.medianWarmEpoch() / raw.medianWarmEpoch();
        double vsPatm = patm.medianWarmEpoch() / sparkbolt.medianWarmEpoch();
        double accDelta = sparkbolt.meanAccuracy() - raw.meanAccuracy();
        double scaledDelta = scaled.meanAccuracy() - raw.meanAccuracy();
        double computeBound = patm.medianWarmEpoch() / BenchmarkReport.median(computeOnly);
        out.line(String.format("Sparkbolt / raw: **%.3f**; DL4J PATM / Sparkbolt: **%.2f×**; mean accuracy Sparkbolt − raw: "
                + "**%+.4f** (standard error %.4f; with the learning rate scaled by the number of workers: **%+.4f**, "
                + "standard error %.4f).", vsRaw, vsPatm, accDelta, sparkbolt.deltaStandardError(raw), scaledDelta,
                scaled.deltaStandardError(raw)));
        out.line("").line(String.format("Sparkbolt's warm epoch without any synchronisation (the sum of its rounds' compute, "
                + "slowest worker; median over the seeds): %.3f s %s, so on this machine DL4J PATM / Sparkbolt could reach "
                + "at most **%.2f×** even if broadcast, scheduling, aggregation and averaging cost nothing.",
                BenchmarkReport.median(computeOnly), BenchmarkReport.seconds(computeOnly), computeBound));
        overheadByK(dir, out);
        spark.stop();
        out.publish(report, String.format("vs_raw=%.3f vs_patm=%.2f acc_delta=%.4f acc_delta_lr_scaled=%.4f seeds=%d "
                + "vs_patm_compute_bound=%.2f", vsRaw, vsPatm, accDelta, scaledDelta, seeds.size(), computeBound));
    }

    /** Seconds of compute (slowest worker per round) in the last epoch's training rounds. */
    private static double lastEpochCompute(ParameterAveraging strategy, int epochs) {
        List<RoundTimings.Round> rounds = strategy.timings().rounds();
        int perEpoch = rounds.size() / epochs;
        return rounds.subList(rounds.size() - perEpoch, rounds.size()).stream().mapToDouble(RoundTimings.Round::computeSeconds).sum();
    }

    private static List<Long> seedList(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).map(Long::parseLong).toList();
    }

    private static EpochResult print(String label, EpochResult result) {
        System.out.println(label + ": " + result);
        return result;
    }

    private static EpochResult raw(MnistDataModule data, int epochs, long seed) {
        MultiLayerNetwork net = RawDl4jLoop.mlp(HIDDEN, LR, seed);
        List<Double> times = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            times.add(RawDl4jLoop.epoch(net, data, data.shards(Split.TRAIN), epoch, seed));
        }
        return new EpochResult(times, RawDl4jLoop.testAccuracy(net, data));
    }

    private static EpochResult dl4jParameterAveraging(JavaSparkContext spark, MnistDataModule data, int epochs, long seed) {
        List<DataSet> batches = RawDl4jLoop.trainingBatches(data, seed);
        // DL4J persists the RDD itself when it fits; handing it a cached one makes it fail
        JavaRDD<DataSet> rdd = spark.parallelize(batches, WORKERS);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(64)
                .averagingFrequency(10).batchSizePerWorker(64).workerPrefetchNumBatches(2)
                .rddTrainingApproach(RDDTrainingApproach.valueOf(System.getProperty("patm.approach", "Export"))).build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(spark, RawDl4jLoop.conf(HIDDEN, LR, seed), master);
        List<Double> times = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long start = System.nanoTime();
            sparkNet.fit(rdd);
            times.add((System.nanoTime() - start) / 1e9);
        }
        rdd.unpersist(false);
        return new EpochResult(times, RawDl4jLoop.testAccuracy(sparkNet.getNetwork(), data));
    }

    private static EpochResult sparkbolt(String dir, int epochs, ParameterAveraging strategy, MnistDataModule testData, double lr,
                                    int batchPerWorker, long seed) {
        EpochTimer timer = new EpochTimer();
        Trainer trainer = Trainer.builder().maxEpochs(epochs).seed(seed).strategy(strategy)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .numSanityValSteps(0).limitValBatches(0).callbacks(timer).build();
        trainer.fit(new MlpClassifier(HIDDEN, lr), shardedMnist(dir, batchPerWorker, seed));
        return new EpochResult(timer.seconds(), RawDl4jLoop.testAccuracy((MultiLayerNetwork) trainer.network().model(), testData));
    }

    private static MnistDataModule shardedMnist(String dir, int batchPerWorker, long seed) {
        return new MnistDataModule(dir, batchPerWorker, 5000, MnistDataModule.DEFAULT_URL, seed, WORKERS);
    }

    /** Round time minus compute, per round, for a range of K (one short epoch each). */
    private static void overheadByK(String dir, BenchmarkReport out) {
        out.line("").line("Per-round overhead (broadcast + scheduling + aggregation + driver averaging; median over the rounds "
                + "of one epoch limited to 256 batches per worker):").line("")
                .line("| K | rounds | median round s | compute s | overhead s | of which broadcast s | aggregate s | driver s | overhead share |")
                .line("|---|---|---|---|---|---|---|---|---|");
        for (int k : new int[] {1, 4, 16, 64}) {
            ParameterAveraging strategy = ParameterAveraging.builder().numWorkers(WORKERS).averagingFrequency(k).build();
            Trainer trainer = Trainer.builder().maxEpochs(1).seed(SEED).strategy(strategy).limitTrainBatches(256)
                    .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                    .numSanityValSteps(0).limitValBatches(0).build();
            trainer.fit(new MlpClassifier(HIDDEN, LR), shardedMnist(dir, 64, SEED));
            List<RoundTimings.Round> rounds = strategy.timings().rounds();
            List<Double> totals = rounds.stream().map(RoundTimings.Round::totalSeconds).toList();
            List<Double> computes = rounds.stream().map(RoundTimings.Round::computeSeconds).toList();
            List<Double> overheads = rounds.stream().map(RoundTimings.Round::overheadSeconds).toList();
            double total = BenchmarkReport.median(totals);
            double overhead = BenchmarkReport.median(overheads);
            out.line(String.format("| %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f | %.1f%% |", k, rounds.size(), total,
                    BenchmarkReport.median(computes), overhead,
                    BenchmarkReport.median(rounds.stream().map(RoundTimings.Round::broadcastSeconds).toList()),
                    BenchmarkReport.median(rounds.stream().map(RoundTimings.Round::aggregateSeconds).toList()),
                    BenchmarkReport.median(rounds.stream().map(RoundTimings.Round::driverSeconds).toList()),
                    100 * overhead / total));
        }
    }
}

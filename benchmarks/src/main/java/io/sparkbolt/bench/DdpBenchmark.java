package io.sparkbolt.bench;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.ddp.Ddp;
import io.sparkbolt.ddp.DdpEquivalence;
import io.sparkbolt.ddp.RingProbe;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.spark.SparkLine;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategies;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * {@code ddp} against parameter averaging (K = 16 and 32) and gradient sharing on
 * {@code local[2]}, side by side in one JVM, and against the single-JVM loop with the batch of both workers (2 × 64, the batch ddp
 * is equivalent to) for accuracy. The MNIST MLP 784-256-128-10, Adam 1e-3, one run per seed, the
 * trainers taking turns within a seed, the first epoch of each run a warm-up. Then the ring's
 * all-reduce of the MLP's gradient between two threads against its byte bound (the bytes each
 * worker sends over one loopback connection's bandwidth, measured in the same run), and the
 * equivalence check's figure ({@link DdpEquivalence}, the check {@code DdpTest} asserts).
 *
 * <p>Arguments: {@code [dataDir] [epochs] [reportFile] [seeds, comma-separated]}.
 */
public final class DdpBenchmark {
    private static final List<Integer> HIDDEN = List.of(256, 128);
    private static final double LR = 1e-3;
    private static final int WORKERS = 2;
    private static final int BATCH = 64;

    private DdpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "data/mnist";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path report = args.length > 2 ? Path.of(args[2]) : null;
        List<Long> seeds = Arrays.stream((args.length > 3 ? args[3] : "42,1,2,3,4").split(",")).map(String::trim).map(Long::parseLong).toList();

        JavaSparkContext spark = new JavaSparkContext(new SparkConf().setMaster("local[" + WORKERS + "]")
                .setAppName("sparkbolt-ddp-benchmark").set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.task.maxDirectResultSize", "256m"));
        MnistDataModule testData = new MnistDataModule(dir, BATCH);
        testData.prepareData();
        testData.setup(Stage.TEST);

        SeededResults single = new SeededResults();
        SeededResults ddp = new SeededResults();
        SeededResults k16 = new SeededResults();
        SeededResults k32 = new SeededResults();
        SeededResults sharing = new SeededResults();
        for (long seed : seeds) {
            single.add(print("single JVM, batch 128, seed " + seed, fit(dir, epochs, Strategies.local(), WORKERS * BATCH, 1, seed, testData)));
            ddp.add(print("ddp, seed " + seed, fit(dir, epochs, Ddp.builder().numWorkers(WORKERS).build(), BATCH, WORKERS, seed, testData)));
            k16.add(print("PA K=16, seed " + seed, fit(dir, epochs,
                    ParameterAveraging.builder().numWorkers(WORKERS).averagingFrequency(16).build(), BATCH, WORKERS, seed, testData)));
            k32.add(print("PA K=32, seed " + seed, fit(dir, epochs,
                    ParameterAveraging.builder().numWorkers(WORKERS).averagingFrequency(32).build(), BATCH, WORKERS, seed, testData)));
        }
        double equivalence = DdpEquivalence.maxRelativeDifferenceAfter50SgdSteps();
        int parameters = 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10;
        double allReduce = RingProbe.secondsPerAllReduce(WORKERS, parameters + 1, 200, false);
        double encrypted = RingProbe.secondsPerAllReduce(WORKERS, parameters + 1, 200, true);
        double bandwidth = RingProbe.loopbackBytesPerSecond(64 << 20, 5);
        // Gradient sharing last, every seed after the others: DL4J's Aeron exchange leaves threads spinning in this
        // JVM after its fit, which would slow whatever ran after it.
        // By name: the module exists on the Spark 3.5 / Scala 2.12 line only (SparkLine); the Spark 4 build leaves its row out.
        Optional<String> noSharing = SparkLine.current().strategyUnavailable("gradient-sharing");
        for (long seed : noSharing.isPresent() ? List.<Long>of() : seeds) {
            sharing.add(print("gradient sharing, seed " + seed, fit(dir, epochs, StrategyProvider.named("gradient-sharing").create(
                    Map.of("numWorkers", WORKERS, "allowUnauthenticatedExchange", true), SparkSettings.local(WORKERS)), BATCH, WORKERS, seed, testData)));
        }
        spark.stop();
        double bytesSent = 2.0 * (WORKERS - 1) / WORKERS * (parameters + 1) * Float.BYTES;
        double bound = bytesSent / bandwidth;

        String seedText = seeds.stream().map(String::valueOf).collect(Collectors.joining(","));
        double vsPa = ddp.medianWarmEpoch() / k16.medianWarmEpoch();
        double vsPa32 = ddp.medianWarmEpoch() / k32.medianWarmEpoch();
        double vsGs = noSharing.isPresent() ? Double.NaN : ddp.medianWarmEpoch() / sharing.medianWarmEpoch();
        double accDelta = ddp.meanAccuracy() - single.meanAccuracy();
        BenchmarkReport out = new BenchmarkReport("ddp on local[2]: against parameter averaging and the single-JVM loop",
                "benchmarks/run ddp-local " + epochs + " " + seedText)
                .line("MNIST MLP 784-256-128-10 (" + parameters + " parameters), Adam 1e-3, " + epochs + " epochs per run, one run per"
                        + " seed (" + seedText + "), the trainers taking turns within a seed, first epoch of each run dropped as warm-up."
                        + " ddp and parameter averaging: " + WORKERS + " workers × batch " + BATCH + " on local[" + WORKERS + "] (one JVM,"
                        + " two task threads); ddp with segmentSteps at its default (" + Ddp.builder().build().options().segmentSteps() + "). The single-JVM loop (Sparkbolt's local strategy) trains with"
                        + " batch " + WORKERS * BATCH + ", the batch ddp is equivalent to. Gradient sharing runs after all the others"
                        + " (its Aeron threads keep spinning in the JVM after a fit).")
                .line("")
                .line("| trainer | median warm epoch s | warm epochs (s) | test accuracy per seed | mean ± sd |")
                .line("|---|---|---|---|---|")
                .line(single.row("single JVM, batch " + WORKERS * BATCH))
                .line(ddp.row("ddp, " + WORKERS + " × " + BATCH))
                .line(k16.row("parameter averaging K = 16"))
                .line(k32.row("parameter averaging K = 32"))
                .line(noSharing.isPresent() ? "| gradient sharing | – | – | not on " + SparkLine.current().describe() + " | – |"
                        : sharing.row("gradient sharing (default options)"))
                .line("")
                .line(String.format("ddp / parameter averaging K=16: **%.3f**, K=32: **%.3f**, / gradient sharing: **%.3f**; mean accuracy"
                        + " ddp − single JVM (batch %d): **%+.4f** (standard error %.4f).", vsPa, vsPa32, vsGs, WORKERS * BATCH, accDelta,
                        ddp.deltaStandardError(single)))
                .line("")
                .line(String.format("Ring all-reduce of the MLP's gradient (%d floats with the example count) between %d threads on"
                        + " loopback: %.3f ms per step (median of 200); each worker sends %.2f MB, which one loopback connection"
                        + " (%.2f GB/s measured now) carries in %.3f ms: **%.2f×** the byte bound.", parameters + 1, WORKERS,
                        allReduce * 1e3, bytesSent / 1e6, bandwidth / 1e9, bound * 1e3, allReduce / bound))
                .line("")
                .line(String.format("With frames encrypted (AES-GCM, as under spark.network.crypto.enabled): %.3f ms per step, %.2f× the"
                        + " plain ring.", encrypted * 1e3, encrypted / allReduce))
                .line("")
                .line(String.format("Equivalence: 2 workers × batch 8 against the local loop with batch 16 over the same examples, 50 SGD"
                        + " steps: max relative parameter difference **%.2g**.", equivalence));
        out.publish(report, String.format("vs_pa_local=%.3f vs_pa32_local=%.3f vs_gs_local=%.3f sync_vs_bound=%.2f acc_delta=%.4f"
                + " equiv_max_rel=%.2g seeds=%d", vsPa, vsPa32, vsGs, allReduce / bound, accDelta, equivalence, seeds.size()));
        // Threads outlive the fits and would keep the JVM alive: the exchange's (gradient sharing) and the timers of
        // Spark's barrier mode (ddp), which spark.stop() leaves running.
        System.exit(0);
    }

    private static EpochResult print(String label, EpochResult result) {
        System.out.println(label + ": " + result);
        return result;
    }

    private static EpochResult fit(String dir, int epochs, Strategy strategy, int batch, int shards, long seed, MnistDataModule testData) {
        EpochTimer timer = new EpochTimer();
        Trainer trainer = Trainer.builder().maxEpochs(epochs).seed(seed).strategy(strategy)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .numSanityValSteps(0).limitValBatches(0).callbacks(timer).build();
        trainer.fit(new MlpClassifier(HIDDEN, LR), new MnistDataModule(dir, batch, 5000, MnistDataModule.DEFAULT_URL, seed, shards));
        return new EpochResult(timer.seconds(), RawDl4jLoop.testAccuracy((MultiLayerNetwork) trainer.network().model(), testData));
    }
}

package io.sparkbolt.bench;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.device.Backend;
import io.sparkbolt.trainer.models.LeNet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Sparkbolt on one GPU against a hand-written DL4J CUDA loop: MNIST LeNet-5, batch 64, Adam 1e-3,
 * seed 42, the same batches in the same order. Per run: one epoch of the raw loop, one of the
 * Trainer ({@code accelerator: gpu}, local strategy, precision 32) and one of the Trainer at
 * precision 16, in alternating order; the first run is a warm-up (CUDA and cuDNN start-up).
 * Needs the CUDA build and a GPU ({@code benchmarks/run gpu} builds with {@code -Pcuda}); on any
 * other JVM it says so and exits with status 3, writing nothing.
 *
 * <p>Arguments: {@code [dataDir] [measuredRuns] [reportFile]}.
 */
public final class GpuBenchmark {
    private static final double LR = 1e-3;
    private static final long SEED = 42;

    private GpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "data/mnist";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path report = args.length > 2 ? Path.of(args[2]) : null;
        Backend backend = cudaBackendOrExit();

        MnistDataModule data = new MnistDataModule(dir, 64);
        data.prepareData();
        data.setup(Stage.FIT);
        List<? extends Shard> shards = data.shards(Split.TRAIN);
        List<Double> raw = new ArrayList<>();
        List<Double> trainer = new ArrayList<>();
        List<Double> half = new ArrayList<>();
        List<Double> pairRatios = new ArrayList<>();
        double rawAccuracy = 0;
        for (int run = 0; run <= runs; run++) {
            boolean rawFirst = run % 2 == 0; // neither always runs on a cooler or warmer GPU
            double trainerSeconds = rawFirst ? 0 : trainerEpoch(dir, "32");
            MultiLayerNetwork net = RawDl4jLoop.lenet(LR, SEED, DataType.FLOAT);
            double rawSeconds = RawDl4jLoop.epoch(net, data, shards, 0, SEED);
            if (rawFirst) {
                trainerSeconds = trainerEpoch(dir, "32");
            }
            double halfSeconds = trainerEpoch(dir, "16");
            System.out.printf("run %d%s: raw %.3f s, trainer %.3f s, trainer fp16 %.3f s%n", run, run == 0 ? " (warm-up)" : "",
                    rawSeconds, trainerSeconds, halfSeconds);
            if (run > 0) {
                raw.add(rawSeconds);
                trainer.add(trainerSeconds);
                half.add(halfSeconds);
                pairRatios.add(trainerSeconds / rawSeconds);
            }
            rawAccuracy = RawDl4jLoop.testAccuracy(net, data);
        }
        double ratio = BenchmarkReport.median(trainer) / BenchmarkReport.median(raw);
        double halfRatio = BenchmarkReport.median(half) / BenchmarkReport.median(trainer);
        new BenchmarkReport("GPU: Trainer (local, accelerator gpu) vs raw DL4J CUDA loop, MNIST LeNet", "benchmarks/run gpu " + runs)
                .line("- GPU: " + backend.describe())
                .line("")
                .line("MNIST LeNet-5 (20 and 50 5x5 filters, dense 500), batch 64, Adam 1e-3, seed 42, one epoch per run, "
                        + "1 warm-up run dropped, " + runs + " measured runs, order alternating.")
                .line("")
                .line("| loop | median epoch s | epochs (s) |")
                .line("|---|---|---|")
                .line(String.format("| raw DL4J `net.fit(batch)` on CUDA | %.3f | %s |", BenchmarkReport.median(raw), BenchmarkReport.seconds(raw)))
                .line(String.format("| Sparkbolt Trainer, local, precision 32 | %.3f | %s |", BenchmarkReport.median(trainer),
                        BenchmarkReport.seconds(trainer)))
                .line(String.format("| Sparkbolt Trainer, local, precision 16 | %.3f | %s |", BenchmarkReport.median(half),
                        BenchmarkReport.seconds(half)))
                .line("")
                .line(String.format("Trainer / raw: **%.3f** (median of per-run ratios %.3f; bar <= 1.1); precision 16 / 32: **%.3f**;"
                        + " raw loop's test accuracy after one epoch %.4f.", ratio, BenchmarkReport.median(pairRatios), halfRatio, rawAccuracy))
                .publish(report, String.format("vs_raw=%.3f paired_vs_raw=%.3f fp16_vs_fp32=%.3f", ratio,
                        BenchmarkReport.median(pairRatios), halfRatio));
    }

    /** The CUDA backend with a device, or a one-line explanation and exit status 3. */
    private static Backend cudaBackendOrExit() {
        try {
            Backend backend = Backend.current();
            if (backend.cuda() && backend.deviceCount() > 0) {
                return backend;
            }
            System.err.println("benchmarks/run gpu needs ND4J's CUDA backend and a GPU; this JVM runs " + backend.describe());
        } catch (SparkboltException e) { // the CUDA build on a machine without a GPU
            System.err.println("benchmarks/run gpu: " + e.getMessage());
        }
        System.exit(3);
        throw new AssertionError("unreachable");
    }

    private static double trainerEpoch(String dir, String precision) {
        EpochTimer timer = new EpochTimer();
        Trainer trainer = Trainer.builder()
                .maxEpochs(1).seed(SEED).accelerator("gpu").precision(precision)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .numSanityValSteps(0).limitValBatches(0)
                .callbacks(timer)
                .build();
        trainer.fit(new LeNet(28, 28, 1, LR), new MnistDataModule(dir, 64));
        return timer.seconds().get(0);
    }
}

package io.sparkbolt.bench;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lightning's parity test for Sparkbolt: the same MNIST MLP (784-256-128-10, batch 64, Adam 1e-3,
 * seed 42, same batches in the same order) trained by a hand-written DL4J loop and by the
 * {@link Trainer} with the local strategy (progress bar, summary, loggers, checkpoints off).
 * Runs alternate (and alternate which goes first), the first pair is a warm-up, and each measured
 * run is one epoch. Reports the median epoch times, their ratio, the median of the per-pair ratios
 * (robust to the machine drifting), and whether the final parameters are bit-identical.
 *
 * <p>Arguments: {@code [dataDir] [measuredRuns] [reportFile]}.
 */
public final class ParityBenchmark {
    private static final List<Integer> HIDDEN = List.of(256, 128);
    private static final double LR = 1e-3;
    private static final long SEED = 42;

    private ParityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args.length > 0 ? args[0] : "data/mnist";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        Path report = args.length > 2 ? Path.of(args[2]) : null;

        MnistDataModule data = new MnistDataModule(dir, 64);
        data.prepareData();
        data.setup(Stage.FIT);
        List<? extends Shard> shards = data.shards(Split.TRAIN);

        List<Double> raw = new ArrayList<>();
        List<Double> trainer = new ArrayList<>();
        boolean identical = true;
        List<Double> pairRatios = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            // Alternate which loop goes first, so neither always runs on a cooler or warmer machine.
            boolean rawFirst = run % 2 == 0;
            TrainerRun trainerRun = rawFirst ? null : trainerEpoch(dir);
            MultiLayerNetwork net = RawDl4jLoop.mlp(HIDDEN, LR, SEED);
            double rawSeconds = RawDl4jLoop.epoch(net, data, shards, 0, SEED);
            if (rawFirst) {
                trainerRun = trainerEpoch(dir);
            }
            boolean same = bitIdentical(net.params(), trainerRun.params());
            System.out.printf("run %d%s: raw %.3f s, trainer %.3f s, identical=%s%n", run, run == 0 ? " (warm-up)" : "",
                    rawSeconds, trainerRun.seconds(), same);
            if (run > 0) {
                raw.add(rawSeconds);
                trainer.add(trainerRun.seconds());
                pairRatios.add(trainerRun.seconds() / rawSeconds);
                identical &= same;
            }
        }
        double rawMedian = BenchmarkReport.median(raw);
        double trainerMedian = BenchmarkReport.median(trainer);
        double ratio = trainerMedian / rawMedian;
        double pairedRatio = BenchmarkReport.median(pairRatios);
        new BenchmarkReport("Parity: Trainer (local) vs raw DL4J loop, MNIST MLP",
                "benchmarks/run parity")
                .line("MNIST MLP 784-256-128-10, batch 64, Adam 1e-3, seed 42, one epoch per run, runs alternating (first mover too), "
                        + "1 warm-up pair dropped, " + runs + " measured runs each.")
                .line("")
                .line("| loop | median epoch s | epochs (s) |")
                .line("|---|---|---|")
                .line(String.format("| raw DL4J `net.fit(batch)` | %.3f | %s |", rawMedian, BenchmarkReport.seconds(raw)))
                .line(String.format("| Sparkbolt Trainer, local | %.3f | %s |", trainerMedian, BenchmarkReport.seconds(trainer)))
                .line("")
                .line(String.format("Ratio of medians Trainer / raw: **%.3f**; median of the per-pair ratios: **%.3f**; "
                        + "final parameters bit-identical: **%s**.", ratio, pairedRatio, identical))
                .publish(report, String.format("ratio=%.3f paired_ratio=%.3f identical=%s", ratio, pairedRatio, identical));
    }

    private record TrainerRun(double seconds, INDArray params) {
    }

    private static TrainerRun trainerEpoch(String dir) {
        EpochTimer timer = new EpochTimer();
        Trainer trainer = Trainer.builder()
                .maxEpochs(1).seed(SEED)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .numSanityValSteps(0).limitValBatches(0)
                .callbacks(timer)
                .build();
        trainer.fit(new MlpClassifier(HIDDEN, LR), new MnistDataModule(dir, 64));
        return new TrainerRun(timer.seconds().get(0), trainer.network().params());
    }

    /** Every float of both parameter vectors has the same bits. */
    static boolean bitIdentical(INDArray a, INDArray b) {
        if (a.length() != b.length() || a.dataType() != b.dataType()) {
            return false;
        }
        float[] x = a.data().asFloat();
        float[] y = b.data().asFloat();
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                return false;
            }
        }
        return true;
    }
}

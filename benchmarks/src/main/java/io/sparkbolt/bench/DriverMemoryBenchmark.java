package io.sparkbolt.bench;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.averaging.ParameterAveragingOptions;
import io.sparkbolt.data.CsvDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.predict.PredictionOutput;
import io.sparkbolt.trainer.predict.PredictionSummary;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.spark.SparkSettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;

/**
 * Driver memory against input size: a generated CSV data set of each size trains one epoch with
 * parameter averaging on local[2] (two workers; the executor cache keeps each worker's network and
 * its one open shard, at most 16 MB of text here), while a sampler records the live heap (after a forced full GC, once a second) and the process's
 * physical memory. Data never passes through the driver, so both stay flat as the input grows.
 * In local mode the executors share the driver's JVM: the figures are an upper bound for the driver.
 * Then predictions of generated inputs of each row count are written to a directory by the same
 * two workers, sampled the same way: the executors write the parts, so the driver's heap stays
 * flat as the rows grow.
 *
 * <p>Arguments: {@code <sizesMB comma-separated> <BENCHMARKS.md or -> [predictRows comma-separated] [predict master]};
 * with a standalone master URL the predictions run on that cluster and the driver is this JVM alone
 * ({@code benchmarks/run driver-memory} starts {@code conf/local-cluster} for them).
 */
public final class DriverMemoryBenchmark {
    private static final int FEATURES = 20;
    private static final int CLASSES = 3;
    private static final long PART_BYTES = 16L * 1024 * 1024;
    /** The data module's largest shard ({@code -Dshard.mb}, default 64): what one worker holds decoded. */
    private static final int SHARD_MB = Integer.getInteger("shard.mb", 64);
    /** The shard size for the predict runs: small, so both row counts fill whole shards. */
    private static final int PREDICT_SHARD_MB = 1;

    private DriverMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Stream.of((args.length > 0 ? args[0] : "10,200").split(",")).map(Integer::parseInt).toList();
        Path markdown = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : null;
        List<Integer> predictRows = Stream.of((args.length > 2 ? args[2] : "10000,1000000").split(",")).map(Integer::parseInt).toList();
        String predictMaster = args.length > 3 ? args[3] : "local[2]";
        Path root = Files.createTempDirectory("sparkbolt-memory-");
        List<Result> results = new ArrayList<>();
        List<PredictResult> predictions = new ArrayList<>();
        try {
            for (int size : sizes) {
                Path dir = root.resolve(size + "mb");
                long bytes = generate(dir, size * 1024L * 1024L);
                results.add(measure(dir, bytes));
            }
            SparkContexts.stopIfStartedHere(); // the predictions run on their own master
            SparkSettings spark = predictMaster.startsWith("local") ? new SparkSettings(predictMaster, null, null)
                    : new SparkSettings(predictMaster, "sparkbolt-driver-memory", Map.of(
                            "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                            "spark.executor.memory", "2g", "spark.executorEnv.OMP_NUM_THREADS", "1",
                            "spark.scheduler.minRegisteredResourcesRatio", "1.0", "spark.ui.enabled", "false"));
            for (int rows : predictRows) {
                predictions.add(measurePredict(root, root.resolve(sizes.get(0) + "mb"), rows, spark));
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        report(results, sizes, predictions, predictRows, predictMaster, markdown);
        System.exit(0); // Spark's non-daemon threads would keep the JVM alive
    }

    /** Part files of {@code FEATURES} Gaussian features and a class label, until {@code target} bytes. */
    private static long generate(Path dir, long target) throws IOException {
        return generate(dir, target, Long.MAX_VALUE);
    }

    /** Part files of exactly {@code rows} rows. */
    private static void generateRows(Path dir, long rows) throws IOException {
        generate(dir, Long.MAX_VALUE, rows);
    }

    private static long generate(Path dir, long target, long maxRows) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(11);
        long written = 0;
        long rows = 0;
        for (int part = 0; written < target && rows < maxRows; part++) {
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(String.format("part-%05d.csv", part)), StandardCharsets.US_ASCII)) {
                long partBytes = 0;
                StringBuilder row = new StringBuilder();
                while (partBytes < PART_BYTES && written + partBytes < target && rows < maxRows) {
                    rows++;
                    row.setLength(0);
                    int label = random.nextInt(CLASSES);
                    for (int f = 0; f < FEATURES; f++) {
                        row.append(String.format(Locale.ROOT, "%.4f", random.nextGaussian() + (f % CLASSES == label ? 1.0 : 0.0))).append(',');
                    }
                    row.append(label).append('\n');
                    out.write(row.toString());
                    partBytes += row.length();
                }
                written += partBytes;
            }
        }
        return written;
    }

    private static Result measure(Path dir, long bytes) throws Exception {
        CsvDataModule data = CsvDataModule.builder(dir.toString()).numClasses(CLASSES).batchSize(256).valFraction(0.01)
                .shardSizeMB(SHARD_MB).build();
        Trainer trainer = trainer(ParameterAveraging.builder());
        Sampled<Void> fit = sampled(() -> {
            trainer.fit(new MlpClassifier(List.of(32), 0.005), data);
            return null;
        });
        return new Result(bytes, data.rowCounts().get(Split.TRAIN), fit.seconds(), fit.baselineHeap(), fit.peakHeap(),
                fit.peakPhysical(), trainer.callbackMetrics().getOrDefault("val_acc", Double.NaN));
    }

    /**
     * Predictions of {@code rows} generated rows written to a directory with parameter averaging's
     * two workers: each worker task writes its shards' parts, so the driver only sees row counts.
     */
    private static PredictResult measurePredict(Path root, Path trainDir, int rows, SparkSettings spark) throws Exception {
        Path input = root.resolve("predict-" + rows);
        generateRows(input, rows);
        // Shards of PREDICT_SHARD_MB: at either row count a worker holds one such shard at a time, so the
        // executors' working set (in this JVM in local mode) is the same and what grows is the driver's.
        CsvDataModule data = CsvDataModule.builder(trainDir.toString()).testPath(input.toString()).numClasses(CLASSES)
                .batchSize(256).valFraction(0.01).shardSizeMB(PREDICT_SHARD_MB).build();
        Path output = root.resolve("predictions-" + rows);
        Trainer trainer = trainer(ParameterAveraging.builder().spark(spark));
        Sampled<PredictionSummary> predicted = sampled(() ->
                trainer.predict(new MlpClassifier(List.of(32), 0.005), data, null, PredictionOutput.csv(output.toString())));
        return new PredictResult(predicted.value().rows(), predicted.value().parts(), predicted.seconds(), predicted.baselineHeap(),
                predicted.peakHeap(), predicted.peakPhysical());
    }

    private static Trainer trainer(ParameterAveragingOptions.Builder builder) {
        ParameterAveraging strategy = builder.numWorkers(2).averagingFrequency(16).build();
        return Trainer.builder().maxEpochs(1).seed(5).strategy(strategy).enableProgressBar(false)
                .enableModelSummary(false).enableCheckpointing(false).loggers(List.of()).numSanityValSteps(0).build();
    }

    /** Runs {@code work} while a sampler records the live heap (after a forced full GC, once a second) and the physical memory. */
    private static <T> Sampled<T> sampled(Callable<T> work) throws Exception {
        System.gc();
        long baseline = liveHeap();
        AtomicLong peakHeap = new AtomicLong(baseline);
        AtomicLong peakPhysical = new AtomicLong(Pointer.physicalBytes());
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc();
                peakHeap.accumulateAndGet(liveHeap(), Math::max);
                peakPhysical.accumulateAndGet(Pointer.physicalBytes(), Math::max);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        try {
            T value = work.call();
            return new Sampled<>(value, (System.nanoTime() - start) / 1e9, baseline, peakHeap.get(), peakPhysical.get());
        } finally {
            running.set(false);
            sampler.interrupt();
            sampler.join();
        }
    }

    private record Sampled<T>(T value, double seconds, long baselineHeap, long peakHeap, long peakPhysical) {
    }

    /**
     * The heap in use as the last collection left it: each heap pool's usage after its latest GC.
     * Read right after {@code System.gc()} this is the live set, free of what other threads
     * allocated since.
     */
    private static long liveHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
    }

    private record Result(long bytes, long trainRows, double seconds, long baselineHeap, long peakHeap, long peakPhysical,
                          double valAcc) {
    }

    private record PredictResult(long rows, int parts, double seconds, long baselineHeap, long peakHeap, long peakPhysical) {
    }

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    private static void report(List<Result> results, List<Integer> sizes, List<PredictResult> predictions, List<Integer> predictRows,
                               String predictMaster, Path markdown) throws IOException {
        BenchmarkReport out = new BenchmarkReport("Driver memory vs CSV input size, parameter averaging on local[2]",
                (SHARD_MB != 64 ? "BENCH_OPTS=-Dshard.mb=" + SHARD_MB + " " : "") + "benchmarks/run driver-memory "
                        + String.join(",", sizes.stream().map(String::valueOf).toList()) + " "
                        + String.join(",", predictRows.stream().map(String::valueOf).toList()));
        out.line("Generated CSV (" + FEATURES + " features, " + CLASSES + " classes, 16 MB part files), CsvDataModule "
                        + "(standardize, batch 256, shardSizeMB " + SHARD_MB + "), MlpClassifier [32], one epoch, 2 workers, K = 16; the "
                        + "executor cache keeps each worker's network and its one open shard (at most a 16 MB part file, or "
                        + "shardSizeMB of it, decoded), so the larger inputs are many times what the executors hold at any time. Live heap: the heap pools' usage after a forced full GC, once a second; physical: "
                        + "the process's resident memory (heap + ND4J off-heap + code). Executors run in the same JVM in local mode, "
                        + "so these are upper bounds for the driver alone.")
                .line("")
                .line("| input MB | training rows | fit s | heap before MB | peak live heap MB | peak physical MB | val_acc |")
                .line("|---|---|---|---|---|---|---|");
        for (Result r : results) {
            out.line("| " + mb(r.bytes()) + " | " + r.trainRows() + " | " + Math.round(r.seconds() * 10) / 10.0 + " | "
                    + mb(r.baselineHeap()) + " | " + mb(r.peakHeap()) + " | " + mb(r.peakPhysical()) + " | "
                    + String.format(Locale.ROOT, "%.4f", r.valAcc()) + " |");
        }
        Result small = results.get(0);
        Result large = results.get(results.size() - 1);
        double inputRatio = (double) large.bytes() / small.bytes();
        double heapRatio = (double) large.peakHeap() / small.peakHeap();
        double physicalRatio = (double) large.peakPhysical() / small.peakPhysical();
        out.line("").line(String.format(Locale.ROOT, "Input grew %.1f×; peak live heap %.2f×, peak physical memory %.2f×.",
                inputRatio, heapRatio, physicalRatio));
        boolean cluster = !predictMaster.startsWith("local");
        out.line("").line("Predictions written to a directory (`Trainer.predict` with a `PredictionOutput`, CSV, generated inputs of "
                        + "the row counts below, shards of " + PREDICT_SHARD_MB + " MB) by parameter averaging's two workers, "
                        + (cluster ? "on a standalone cluster of two 1-core executor JVMs (conf/local-cluster); the driver is this JVM alone, "
                                + "so the sampler sees the driver's heap only"
                                : "on " + predictMaster + " (executors in this JVM: an upper bound for the driver)")
                        + ". Each worker task writes its shards' parts through a Hadoop output committer; the driver gets row counts.")
                .line("")
                .line("| predicted rows | parts | predict s | heap before MB | peak live heap MB | peak physical MB |")
                .line("|---|---|---|---|---|---|");
        for (PredictResult r : predictions) {
            out.line("| " + r.rows() + " | " + r.parts() + " | " + Math.round(r.seconds() * 10) / 10.0 + " | " + mb(r.baselineHeap()) + " | "
                    + mb(r.peakHeap()) + " | " + mb(r.peakPhysical()) + " |");
        }
        PredictResult few = predictions.get(0);
        PredictResult many = predictions.get(predictions.size() - 1);
        double rowsRatio = (double) many.rows() / few.rows();
        double predictHeapRatio = (double) many.peakHeap() / few.peakHeap();
        out.line("").line(String.format(Locale.ROOT, "Predicted rows grew %.0f×; peak live heap %.3f× (target: within 10 %%, ≤ 1.10×).",
                rowsRatio, predictHeapRatio));
        out.publish(markdown, String.format(Locale.ROOT,
                "input_ratio=%.1f heap_ratio=%.2f physical_ratio=%.2f predict_rows_ratio=%.0f predict_heap_ratio=%.3f",
                inputRatio, heapRatio, physicalRatio, rowsRatio, predictHeapRatio));
    }
}

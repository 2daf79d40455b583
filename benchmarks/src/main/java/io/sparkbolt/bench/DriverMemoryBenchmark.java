package io.sparkbolt.bench;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.data.CsvDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.models.MlpClassifier;
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
import java.util.Random;
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
 *
 * <p>Arguments: {@code <sizesMB comma-separated> <BENCHMARKS.md or ->}.
 */
public final class DriverMemoryBenchmark {
    private static final int FEATURES = 20;
    private static final int CLASSES = 3;
    private static final long PART_BYTES = 16L * 1024 * 1024;
    /** The data module's largest shard ({@code -Dshard.mb}, default 64): what one worker holds decoded. */
    private static final int SHARD_MB = Integer.getInteger("shard.mb", 64);

    private DriverMemoryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Stream.of((args.length > 0 ? args[0] : "10,200").split(",")).map(Integer::parseInt).toList();
        Path markdown = args.length > 1 && !args[1].equals("-") ? Path.of(args[1]) : null;
        Path root = Files.createTempDirectory("sparkbolt-memory-");
        List<Result> results = new ArrayList<>();
        try {
            for (int size : sizes) {
                Path dir = root.resolve(size + "mb");
                long bytes = generate(dir, size * 1024L * 1024L);
                results.add(measure(dir, bytes));
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        report(results, sizes, markdown);
        System.exit(0); // Spark's non-daemon threads would keep the JVM alive
    }

    /** Part files of {@code FEATURES} Gaussian features and a class label, until {@code target} bytes. */
    private static long generate(Path dir, long target) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(11);
        long written = 0;
        for (int part = 0; written < target; part++) {
            try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(String.format("part-%05d.csv", part)), StandardCharsets.US_ASCII)) {
                long partBytes = 0;
                StringBuilder row = new StringBuilder();
                while (partBytes < PART_BYTES && written + partBytes < target) {
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

    private static Result measure(Path dir, long bytes) throws InterruptedException {
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
        CsvDataModule data = CsvDataModule.builder(dir.toString()).numClasses(CLASSES).batchSize(256).valFraction(0.01)
                .shardSizeMB(SHARD_MB).build();
        ParameterAveraging strategy = ParameterAveraging.builder().numWorkers(2).averagingFrequency(16).build();
        Trainer trainer = Trainer.builder().maxEpochs(1).seed(5).strategy(strategy).enableProgressBar(false)
                .enableModelSummary(false).enableCheckpointing(false).loggers(List.of()).numSanityValSteps(0).build();
        trainer.fit(new MlpClassifier(List.of(32), 0.005), data);
        double seconds = (System.nanoTime() - start) / 1e9;
        running.set(false);
        sampler.interrupt();
        sampler.join();
        return new Result(bytes, data.rowCounts().get(Split.TRAIN), seconds, baseline, peakHeap.get(), peakPhysical.get(),
                trainer.callbackMetrics().getOrDefault("val_acc", Double.NaN));
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

    private static double mb(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    private static void report(List<Result> results, List<Integer> sizes, Path markdown) throws IOException {
        BenchmarkReport out = new BenchmarkReport("Driver memory vs CSV input size, parameter averaging on local[2]",
                (SHARD_MB != 64 ? "BENCH_OPTS=-Dshard.mb=" + SHARD_MB + " " : "") + "benchmarks/run driver-memory "
                        + String.join(",", sizes.stream().map(String::valueOf).toList()));
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
        out.publish(markdown, String.format(Locale.ROOT, "input_ratio=%.1f heap_ratio=%.2f physical_ratio=%.2f",
                inputRatio, heapRatio, physicalRatio));
    }
}

package io.sparkbolt.bench;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.spark.SparkSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The driver's memory for a round's reduction, against the number of workers: parameter averaging
 * of the 9.9 M-parameter MLP (784-3000-2500-10, Adam: parameters and updater state come back every
 * round) on a real standalone cluster, so the driver is a JVM of its own, with 2 and then 8 workers,
 * one step per round. A sampler forces a full collection and reads the live heap continuously;
 * each round's peak is the largest live heap seen while it ran. Prints a table row per worker count
 * and {@code driver_heap_8v2=R} (peak of the 8-worker rounds over the 2-worker rounds, median over
 * the warm rounds), the last line.
 *
 * <p>Arguments: {@code <master URL> <MNIST dir> <workers comma-separated> <rounds>}; the executors get
 * this JVM's class path ({@code spark.executor.extraClassPath}), as they run on this machine.
 */
public final class AggregationBenchmark {
    private AggregationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String master = args[0];
        String mnist = args[1];
        List<Integer> workerCounts = Stream.of(args.length > 2 ? args[2].split(",") : new String[] {"2", "8"}).map(Integer::parseInt).toList();
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        SparkSettings spark = new SparkSettings(master, "sparkbolt-aggregation", Map.of(
                "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                "spark.executor.memory", "4g", "spark.executorEnv.OMP_NUM_THREADS", "1",
                "spark.scheduler.minRegisteredResourcesRatio", "1.0", "spark.ui.enabled", "false"));
        Sampler sampler = new Sampler();
        sampler.start();
        List<String> rows = new ArrayList<>();
        List<Double> medians = new ArrayList<>();
        for (int workers : workerCounts) {
            List<Long> peaks = new ArrayList<>();
            Callback perRound = new Callback() {
                @Override
                public void onTrainBatchStart(Trainer trainer, LightningModule module, int batchIdx) {
                    sampler.reset();
                }

                @Override
                public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
                    peaks.add(sampler.peak());
                }
            };
            ParameterAveraging strategy = ParameterAveraging.builder().spark(spark).numWorkers(workers).averagingFrequency(1).build();
            Trainer trainer = Trainer.builder().maxEpochs(1).seed(7).strategy(strategy).limitTrainBatches(rounds).limitValBatches(0)
                    .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                    .numSanityValSteps(0).callbacks(perRound).build();
            trainer.fit(new MlpClassifier(List.of(3000, 2500), 1e-3), new MnistDataModule(mnist, 64, 5000, MnistDataModule.DEFAULT_URL, 42, workers));
            List<Long> warm = peaks.subList(1, peaks.size()); // the first round also builds every worker's network
            double median = warm.stream().mapToLong(Long::longValue).sorted().skip((warm.size() - 1) / 2).limit(2 - warm.size() % 2)
                    .average().orElseThrow();
            medians.add(median);
            rows.add("| " + workers + " | " + mb(median) + " | " + warm.stream().map(AggregationBenchmark::mb).toList() + " |");
        }
        sampler.stop();
        System.out.println("| workers | median peak live heap per round, MB | per warm round, MB |");
        System.out.println("|---|---|---|");
        rows.forEach(System.out::println);
        if (medians.size() >= 2) {
            System.out.printf("driver_heap_%dv%d=%.3f%n", workerCounts.get(workerCounts.size() - 1), workerCounts.get(0),
                    medians.get(medians.size() - 1) / medians.get(0));
        }
        SparkContexts.stopIfStartedHere();
        System.exit(0); // Spark's non-daemon threads would keep the JVM alive
    }

    private static double mb(double bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }

    /** Forces full collections back to back and keeps the largest live heap since the last reset. */
    private static final class Sampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::sample, "live-heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        void reset() {
            peak.set(0);
        }

        long peak() {
            return peak.get();
        }

        private void sample() {
            while (running.get()) {
                System.gc();
                long live = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null)
                        .mapToLong(pool -> pool.getCollectionUsage().getUsed()).sum();
                peak.accumulateAndGet(live, Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}

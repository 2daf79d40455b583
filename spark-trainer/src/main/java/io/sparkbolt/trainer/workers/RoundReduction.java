package io.sparkbolt.trainer.workers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Brings a round's worker results to the driver as one {@link RoundSum}, reduced on the executors
 * along a fixed tree: each level groups {@code fanIn} neighbouring partials (by partition, which
 * is by worker range) and sums them in worker order, until one is left, which the executor
 * divides into the mean. Up to {@link #DRIVER_FAN_IN} workers' results go straight to the driver,
 * which sums them in worker order: a shuffle stage costs more than holding two. The driver
 * therefore holds at most two workers' models or one mean, whatever the number of workers
 * (O(parameters)); and the tree, so every sum's order, depends only on the number of workers, not
 * on task timing, so retried tasks and reruns give the same bits. {@code aggregationDepth} sets
 * the fan-in, ⌈N^(1/depth)⌉ (at least 2), as in Spark's {@code treeAggregate}.
 */
final class RoundReduction {
    /** Workers whose results the driver takes and sums itself. */
    static final int DRIVER_FAN_IN = 2;

    private RoundReduction() {
    }

    static RoundSum reduce(JavaRDD<WorkerResult> results, int workers, int depth) {
        int fanIn = Math.max(2, (int) Math.ceil(Math.pow(workers, 1.0 / Math.max(1, depth))));
        JavaRDD<RoundSum> level = results.map(RoundSum::of);
        if (workers <= DRIVER_FAN_IN) {
            return RoundSum.inOrder(level.collect()); // in partition order, which is worker order
        }
        for (int partitions = workers; partitions > 1; partitions = (partitions + fanIn - 1) / fanIn) {
            level = sumGroups(level, fanIn, (partitions + fanIn - 1) / fanIn);
        }
        return level.map(RoundSum::divided).collect().get(0);
    }

    /** One level: partition i joins group i / fanIn; each group's partials are summed in worker order. */
    private static JavaRDD<RoundSum> sumGroups(JavaRDD<RoundSum> level, int fanIn, int groups) {
        return level.mapPartitionsWithIndex((index, parts) -> keyed(index / fanIn, parts), true)
                .mapToPair(pair -> pair)
                .groupByKey(new HashPartitioner(groups))
                .map(group -> {
                    List<RoundSum> parts = new ArrayList<>();
                    group._2().forEach(parts::add);
                    parts.sort(Comparator.comparingInt(RoundSum::firstWorker));
                    return RoundSum.inOrder(parts);
                });
    }

    private static Iterator<Tuple2<Integer, RoundSum>> keyed(int key, Iterator<RoundSum> parts) {
        List<Tuple2<Integer, RoundSum>> out = new ArrayList<>();
        parts.forEachRemaining(part -> out.add(new Tuple2<>(key, part)));
        return out.iterator();
    }
}

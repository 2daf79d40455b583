package io.sparkbolt.averaging;

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
 * is by worker range) and sums them in worker order, until at most {@link #DRIVER_FAN_IN} are left;
 * the driver sums those, in worker order. The driver therefore holds at most two partials whatever
 * the number of workers (O(parameters)), two workers cost no shuffle stage, and the tree, so every
 * sum's order, depends only on the number of workers: not on task timing, so retried tasks and
 * reruns give the same bits. {@code aggregationDepth} sets the fan-in, ⌈N^(1/depth)⌉ (at least 2),
 * as in Spark's {@code treeAggregate}.
 */
final class RoundReduction {
    /** Partials the driver takes and sums itself: a shuffle stage costs more than a second partial. */
    static final int DRIVER_FAN_IN = 2;

    private RoundReduction() {
    }

    static RoundSum reduce(JavaRDD<WorkerResult> results, int workers, int depth) {
        int fanIn = Math.max(2, (int) Math.ceil(Math.pow(workers, 1.0 / Math.max(1, depth))));
        JavaRDD<RoundSum> level = results.map(RoundSum::of);
        for (int partitions = workers; partitions > DRIVER_FAN_IN; partitions = (partitions + fanIn - 1) / fanIn) {
            level = sumGroups(level, fanIn, (partitions + fanIn - 1) / fanIn);
        }
        List<RoundSum> last = level.collect(); // in partition order, which is worker order
        return RoundSum.inOrder(last);
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

package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardFunction;
import io.sparkbolt.trainer.spark.SparkFailures;
import java.io.Serializable;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A data module's read-only pass over its shards as one Spark job: one task per shard, the
 * shard's small result collected in shard order. The shard descriptors travel in the task
 * closure; the data is read on the executors.
 */
final class ShardPass {
    private ShardPass() {
    }

    static <R extends Serializable> List<R> run(JavaSparkContext spark, List<? extends Shard> shards, ShardFunction<R> function) {
        if (shards.isEmpty()) {
            return List.of();
        }
        List<Shard> descriptors = List.copyOf(shards);
        spark.setJobDescription("sparkbolt data pass over " + descriptors.size() + " shards");
        try {
            return spark.parallelize(IntStream.range(0, descriptors.size()).boxed().toList(), descriptors.size())
                    .map(i -> function.apply(descriptors.get(i), i))
                    .collect();
        } catch (Exception e) { // Spark's SparkException is checked, and thrown from Scala without a declaration
            throw SparkFailures.explain(e, "the data pass over " + descriptors.size() + " shards");
        } finally {
            spark.setJobDescription(null);
        }
    }
}

package io.sparkbolt.trainer.workers;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import io.sparkbolt.trainer.spark.ScalaInterop;
import scala.reflect.ClassTag;
import scala.runtime.AbstractFunction1;

/**
 * Runs a function over every partition as one Spark barrier stage (all tasks at once): Spark's
 * {@code RDD.barrier()}, which its Java API lacks.
 */
final class BarrierStage {
    private BarrierStage() {
    }

    /**
     * {@code function} on every partition of {@code rdd} at once, the results collected in
     * partition order. A failed task fails the job (Spark does not re-run a barrier result stage):
     * the caller submits it again, all tasks together ({@link #attempts}).
     */
    static <T, R> List<R> collect(JavaRDD<T> rdd, FlatMapFunction<Iterator<T>, R> function, Class<R> type) {
        ClassTag<R> tag = ScalaInterop.classTag(type);
        return new JavaRDD<>(rdd.rdd().barrier().mapPartitions(new ScalaFunction<>(function), false, tag), tag).collect();
    }

    /**
     * How often a barrier stage runs before its job fails: as often as Spark tries a task, which is
     * {@code local[N,F]}'s F (1 for plain {@code local[N]}) or {@code spark.task.maxFailures}.
     */
    static int attempts(JavaSparkContext spark) {
        String master = spark.master();
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local\\[[^,\\]]+(?:,(\\d+))?\\]|local").matcher(master);
        if (local.matches()) {
            return local.group(1) == null ? 1 : Integer.parseInt(local.group(1));
        }
        return Math.max(1, spark.getConf().getInt("spark.task.maxFailures", 4));
    }

    /** A Java partition function as the Scala one {@code RDDBarrier.mapPartitions} takes. */
    private static final class ScalaFunction<T, R> extends AbstractFunction1<scala.collection.Iterator<T>, scala.collection.Iterator<R>>
            implements Serializable {
        private final FlatMapFunction<Iterator<T>, R> function;

        ScalaFunction(FlatMapFunction<Iterator<T>, R> function) {
            this.function = function;
        }

        @Override
        public scala.collection.Iterator<R> apply(scala.collection.Iterator<T> partition) {
            try {
                return ScalaInterop.toScalaIterator(function.call(ScalaInterop.toJavaIterator(partition)));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

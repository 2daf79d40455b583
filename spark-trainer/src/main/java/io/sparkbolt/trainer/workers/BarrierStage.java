package io.sparkbolt.trainer.workers;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.collection.JavaConverters;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Runs a function over every partition as one Spark barrier stage (all tasks at once, re-run
 * together when one fails, up to {@code spark.stage.maxConsecutiveAttempts}): Spark's
 * {@code RDD.barrier()}, which its Java API lacks.
 */
final class BarrierStage {
    private BarrierStage() {
    }

    /**
     * {@code function} on every partition of {@code rdd} at once; the results collected, in no
     * particular order. The barrier stage writes its results to a shuffle that one task collects,
     * because Spark re-runs a failed barrier stage only when it is a shuffle map stage (a failed
     * barrier result stage aborts the job).
     */
    static <T, R> List<R> collect(JavaRDD<T> rdd, FlatMapFunction<Iterator<T>, R> function, Class<R> type) {
        ClassTag<R> tag = ClassTag$.MODULE$.apply(type);
        JavaRDD<R> results = new JavaRDD<>(rdd.rdd().barrier().mapPartitions(new ScalaFunction<>(function), false, tag), tag);
        return results.repartition(1).collect();
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
                return JavaConverters.asScalaIterator(function.call(JavaConverters.asJavaIterator(partition)));
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

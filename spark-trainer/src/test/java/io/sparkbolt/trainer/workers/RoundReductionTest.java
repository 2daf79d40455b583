package io.sparkbolt.trainer.workers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkbolt.trainer.metrics.MetricCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The round reduction sums on the executors: the driver receives one mean whatever the number of
 * workers (the last stage has one task; two workers go straight to the driver), the
 * example-weighted mean is right, and the bits do not depend on which task finished first.
 */
class RoundReductionTest {
    private static final int VALUES = 1000;
    private static JavaSparkContext spark;
    private static final List<Integer> LAST_STAGE_TASKS = new ArrayList<>();

    @BeforeAll
    static void startSpark() {
        spark = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("round-reduction-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1"));
        spark.sc().addSparkListener(new SparkListener() {
            @Override
            public void onStageCompleted(SparkListenerStageCompleted stage) {
                synchronized (LAST_STAGE_TASKS) {
                    LAST_STAGE_TASKS.add(stage.stageInfo().numTasks());
                }
            }
        });
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private static List<WorkerResult> workers(int count) {
        List<WorkerResult> results = new ArrayList<>();
        Random random = new Random(3);
        for (int w = 0; w < count; w++) {
            float[] values = new float[VALUES];
            for (int i = 0; i < VALUES; i++) {
                values[i] = (float) random.nextGaussian();
            }
            results.add(new WorkerResult(w, PackedArray.of(Nd4j.createFromArray(values)), null, 64 + 7L * w, 4, 4, 0, 0,
                    new MetricCollector(), null, true, 0));
        }
        return results;
    }

    /** Reduces with each task first sleeping a random time (seeded by {@code timing}), so tasks finish in another order. */
    private static float[] reduce(List<WorkerResult> results, int depth, long timing) throws Exception {
        JavaRDD<WorkerResult> rdd = spark.parallelize(results, results.size()).map(r -> {
            Thread.sleep(new Random(timing * 31 + r.worker()).nextInt(40));
            return r;
        });
        synchronized (LAST_STAGE_TASKS) {
            LAST_STAGE_TASKS.clear();
        }
        RoundSum sum = RoundReduction.reduce(rdd, results.size(), depth);
        INDArray params = Nd4j.zeros(DataType.FLOAT, VALUES);
        sum.averageInto(params, null);
        return params.toFloatVector();
    }

    /** The tasks of each stage of the last reduction; the listener bus reports a stage shortly after its job. */
    private static void assertStages(List<Integer> expected, String why) throws InterruptedException {
        Thread.sleep(200);
        synchronized (LAST_STAGE_TASKS) {
            assertEquals(expected, LAST_STAGE_TASKS, why);
        }
    }

    @Test
    void eightWorkersSumOnTheExecutorsIntoOnePartialInAFixedOrder() throws Exception {
        List<WorkerResult> results = workers(8);
        float[] first = reduce(results, 2, 1);
        assertStages(List.of(8, 3, 1), "8 worker tasks, a level of 3 sums, one sum for the driver");
        for (long timing = 2; timing <= 4; timing++) {
            assertArrayEquals(first, reduce(results, 2, timing), "the same bits however the tasks finish");
        }
        long total = results.stream().mapToLong(WorkerResult::examples).sum();
        for (int i = 0; i < VALUES; i++) {
            double mean = 0;
            for (WorkerResult r : results) {
                double[] widened = new double[VALUES];
                r.params().addWeighted(widened, 1.0, true);
                mean += widened[i] * r.examples() / total;
            }
            assertEquals(mean, first[i], 1e-6, "the example-weighted mean at " + i);
        }
    }

    @Test
    void twoWorkersGoStraightToTheDriver() throws Exception {
        List<WorkerResult> results = workers(2);
        float[] first = reduce(results, 2, 1);
        assertStages(List.of(2), "one stage: the two results are summed on the driver");
        assertArrayEquals(first, reduce(results, 2, 7), "the same bits however the tasks finish");
    }

    @Test
    void fourWorkersMeetInOneMean() throws Exception {
        reduce(workers(4), 2, 1);
        assertStages(List.of(4, 2, 1), "two levels of two: one mean for the driver");
    }

    @Test
    void aLoneWorkerComesThroughBitForBit() throws Exception {
        List<WorkerResult> results = workers(1);
        float[] expected = new float[VALUES];
        double[] widened = new double[VALUES];
        results.get(0).params().addWeighted(widened, 1.0, true);
        for (int i = 0; i < VALUES; i++) {
            expected[i] = (float) widened[i];
        }
        assertArrayEquals(expected, reduce(results, 2, 1));
    }

    @Test
    void depthSetsTheFanIn() throws Exception {
        reduce(workers(8), 1, 1);
        assertStages(List.of(8, 1), "depth 1: the eight partials meet in one task");
    }
}

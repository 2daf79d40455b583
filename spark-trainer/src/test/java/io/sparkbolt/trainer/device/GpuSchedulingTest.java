package io.sparkbolt.trainer.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.SparkboltException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** Two tasks never share a GPU unless the user asked for fractional amounts (the driver's check before a GPU fit). */
class GpuSchedulingTest {
    private static final DeviceSettings GPU = new DeviceSettings(Accelerator.GPU, 0, Precision.FLOAT);

    @Test
    void concurrentTasksPerExecutorComeFromTheMasterOrTheExecutorCores() {
        assertEquals(1, ExecutorDevices.concurrentTasks(new SparkConf(false), "local"));
        assertEquals(4, ExecutorDevices.concurrentTasks(new SparkConf(false), "local[4]"));
        assertEquals(4, ExecutorDevices.concurrentTasks(new SparkConf(false), "local[4,3]"));
        assertEquals(2, ExecutorDevices.concurrentTasks(new SparkConf(false).set("spark.task.cpus", "2"), "local[4]"));
        assertEquals(3, ExecutorDevices.concurrentTasks(new SparkConf(false).set("spark.executor.cores", "6")
                .set("spark.task.cpus", "2"), "spark://m:7077"));
        assertEquals(1, ExecutorDevices.concurrentTasks(new SparkConf(false), "yarn"));
    }

    @Test
    void withoutGpuSchedulingAnExecutorMustRunOneTaskAtATime() {
        ExecutorDevices.checkGpuScheduling(new SparkConf(false), "local[1]", GPU);
        ExecutorDevices.checkGpuScheduling(new SparkConf(false).set("spark.executor.cores", "4").set("spark.task.cpus", "4"), "yarn", GPU);
        assertRefused(new SparkConf(false), "local[2]", GPU, "each executor runs 2 tasks at once, and they would share one GPU");
        assertRefused(new SparkConf(false).set("spark.executor.cores", "4"), "yarn", GPU, "spark.task.cpus = spark.executor.cores");
        assertRefused(new SparkConf(false), "local[1]", new DeviceSettings(Accelerator.GPU, 2, Precision.FLOAT),
                "devices=2 needs Spark's GPU scheduling");
    }

    @Test
    void withGpuSchedulingEachTaskTakesOneGpuOrTheFractionAskedFor() {
        SparkConf scheduled = new SparkConf(false).set("spark.executor.resource.gpu.amount", "4")
                .set("spark.task.resource.gpu.amount", "1").set("spark.executor.cores", "4");
        ExecutorDevices.checkGpuScheduling(scheduled, "spark://m:7077", GPU);
        ExecutorDevices.checkGpuScheduling(scheduled.clone().set("spark.task.resource.gpu.amount", "0.5"), "spark://m:7077", GPU);
        ExecutorDevices.checkGpuScheduling(scheduled, "spark://m:7077", new DeviceSettings(Accelerator.GPU, 4, Precision.FLOAT));
        assertRefused(scheduled.clone().set("spark.task.resource.gpu.amount", "2"), "spark://m:7077", GPU,
                "a Sparkbolt worker trains on one GPU");
        assertRefused(scheduled, "spark://m:7077", new DeviceSettings(Accelerator.GPU, 2, Precision.FLOAT),
                "devices=2 contradicts spark.executor.resource.gpu.amount=4");
    }

    private static void assertRefused(SparkConf conf, String master, DeviceSettings settings, String expected) {
        SparkboltException error = assertThrows(SparkboltException.class, () -> ExecutorDevices.checkGpuScheduling(conf, master, settings));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }
}

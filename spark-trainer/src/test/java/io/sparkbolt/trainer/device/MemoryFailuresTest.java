package io.sparkbolt.trainer.device;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.SparkboltException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Running out of memory off the heap, on the GPU or in the container is named as such, with the setting to raise. */
class MemoryFailuresTest {

    @Test
    void aRealJavacppLimitOnTheDriverNamesTheJavacppSettings() throws Exception {
        // A child JVM whose process may reach 700 MiB allocates 256 MiB arrays until javacpp refuses.
        // (javacpp's maxbytes alone would not stop it: libnd4j allocates ND4J's arrays outside that count.)
        Process child = new ProcessBuilder(java(), "-Xmx128m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=700m",
                MemoryFailuresTest.class.getName() + "$Allocate").redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes());
        child.waitFor();
        assertTrue(output.contains("ND4J ran out of off-heap memory in the driver (Cannot allocate")
                && output.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes"), output);
    }

    @Test
    void executorFailuresArriveAsTextInSparksMessage() {
        String javacpp = explain("Job aborted due to stage failure: Task 1 in stage 3.0 failed 4 times, most recent failure:"
                + " Lost task 1.3 (TID 9) (10.0.0.5 executor 2): java.lang.OutOfMemoryError: Cannot allocate new FloatPointer(2500000):"
                + " totalBytes = 900M, physicalBytes = 2G\n\tat org.bytedeco.javacpp.Pointer.deallocator", "an executor (a round)");
        assertTrue(javacpp.startsWith("ND4J ran out of off-heap memory in an executor (a round) (Cannot allocate new FloatPointer(2500000)")
                && javacpp.contains("raise spark.executorMemory"), javacpp);
        String gpu = explain("Lost task 0.0: java.lang.RuntimeException: Failed to allocate 400000000 bytes from DEVICE [0] memory",
                "an executor (a round)");
        assertTrue(gpu.startsWith("out of GPU memory in an executor") && gpu.contains("trainer.precision=16"), gpu);
        assertTrue(explain("java.lang.RuntimeException: [DEVICE] allocation failed; Error code: [2]", "the driver")
                .startsWith("out of GPU memory in the driver ([DEVICE] allocation failed"));
        assertTrue(explain("java.lang.RuntimeException: Failed to allocate 1048576 bytes from HOST memory", "the driver")
                .startsWith("ND4J ran out of off-heap memory in the driver"));
        String yarn = explain("ExecutorLostFailure (executor 3 exited caused by one of the running tasks) Reason: Container killed by YARN"
                + " for exceeding physical memory limits. 4.5 GB of 4.4 GB physical memory used.", "an executor (a round)");
        assertTrue(yarn.contains("raise spark.executor.memoryOverhead"), yarn);
        String heap = explain("ExecutorLostFailure (executor 1 exited caused by one of the running tasks) Reason: Command exited with code 52",
                "an executor (a round)");
        assertTrue(heap.contains("raise spark.executor.memory;"), heap);
        assertTrue(MemoryFailures.explain(new RuntimeException("Task failed: file not found"), "an executor").isEmpty());
    }

    private static String explain(String sparkMessage, String where) {
        SparkboltException error = MemoryFailures.explain(new IllegalStateException(sparkMessage), where).orElseThrow();
        assertTrue(error.getMessage().lines().count() == 1, error.getMessage());
        return error.getMessage();
    }

    private static String java() {
        return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The child: allocates more than its javacpp limit and prints what the Trainer would say. */
    public static final class Allocate {
        public static void main(String[] args) {
            java.util.List<Object> kept = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    kept.add(Nd4j.create(DataType.FLOAT, 64, 1024, 1024).addi(1)); // touched, so it is resident
                }
                System.out.println("allocated 2 GiB: the limit was not enforced");
            } catch (Throwable e) {
                System.out.println(MemoryFailures.explain(e, "the driver").map(Throwable::getMessage).orElse("unexplained: " + e));
            }
        }
    }
}

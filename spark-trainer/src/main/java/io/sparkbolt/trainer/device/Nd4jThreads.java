package io.sparkbolt.trainer.device;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sizes ND4J's CPU threads (OpenMP and OpenBLAS) to the cores the work really has. ND4J's own
 * default is every core of the machine for every JVM, so two Spark tasks of one executor (or the
 * workers of {@code local[N]}) each start as many threads as there are cores and fight over them:
 * measured 3x slower per epoch on two cores (BENCHMARKS.md, threads). A Spark task gets the cores
 * Spark gives it ({@code spark.task.cpus}, 1 by default, so one thread per worker on
 * {@code local[N]}); the local strategy gets one, which was faster for every model measured here.
 * {@code OMP_NUM_THREADS}, when set, is the user's choice and wins. The CUDA backend is left alone.
 */
public final class Nd4jThreads {
    /** The environment variable that, when set, decides instead. */
    public static final String ENVIRONMENT = "OMP_NUM_THREADS";
    private static final Logger LOG = LoggerFactory.getLogger(Nd4jThreads.class);
    private static final AtomicInteger APPLIED = new AtomicInteger();

    private Nd4jThreads() {
    }

    /** The threads for the running Spark task (its {@code spark.task.cpus}), or for the local strategy (1). */
    static int forThisWork() {
        String configured = System.getenv(ENVIRONMENT);
        if (configured != null && !configured.isBlank()) {
            try {
                return Math.max(1, Integer.parseInt(configured.trim()));
            } catch (NumberFormatException e) {
                LOG.warn("{}={} is not a number: using one thread per worker", ENVIRONMENT, configured);
            }
        }
        TaskContext task = TaskContext.get();
        return task != null ? Math.max(1, task.cpus()) : 1;
    }

    /** Applies {@link #forThisWork()} for the calling thread (OpenMP's count is per thread) and to OpenBLAS. */
    static void apply(Backend backend) {
        if (backend.cuda()) {
            return;
        }
        int threads = forThisWork();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        if (APPLIED.getAndSet(threads) != threads) {
            Nd4j.factory().blas().setMaxThreads(threads);
            LOG.info("Sparkbolt: ND4J uses {} CPU thread(s) per worker{}", threads,
                    System.getenv(ENVIRONMENT) != null ? " (" + ENVIRONMENT + ")" : "");
        }
    }
}

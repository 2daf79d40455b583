package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.SparkboltException;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What a barrier stage needs from the cluster, checked before the first round so a fit that cannot
 * run fails with one line instead of Spark's minutes of retries: every worker's task running at
 * once, and no dynamic allocation (Spark refuses barrier stages with it).
 */
final class BarrierPlacement {
    private static final long POLL_MILLIS = 200;

    private BarrierPlacement() {
    }

    /** Waits up to {@code waitSeconds} for executors to register, then refuses what cannot run. */
    static void require(JavaSparkContext spark, int workers, int waitSeconds) {
        if (spark.getConf().getBoolean("spark.dynamicAllocation.enabled", false)) {
            throw new SparkboltException("ddp runs each segment as a Spark barrier stage, which Spark refuses with dynamic"
                    + " allocation: set spark.dynamicAllocation.enabled=false and a fixed number of executors");
        }
        long deadline = System.currentTimeMillis() + waitSeconds * 1000L;
        int slots = slots(spark);
        while (slots < workers && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            slots = slots(spark);
        }
        if (slots < workers) {
            throw new SparkboltException("ddp needs its " + workers + " workers' tasks running at once, but the cluster ("
                    + spark.master() + ") runs " + slots + " at a time: lower numWorkers to " + Math.max(1, slots)
                    + " or give it more executors or cores");
        }
    }

    /** Tasks the cluster can run at once now (Spark's own barrier check). */
    static int slots(JavaSparkContext spark) {
        return spark.sc().maxNumConcurrentTasks(spark.sc().resourceProfileManager().defaultResourceProfile());
    }
}

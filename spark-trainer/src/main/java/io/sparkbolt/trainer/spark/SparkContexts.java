package io.sparkbolt.trainer.spark;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkContext$;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Finds the Spark context a distributed strategy runs on: the active one if there is one (a
 * notebook's, or one the caller made), otherwise a new one from {@link SparkSettings}.
 */
public final class SparkContexts {
    private static final AtomicReference<SparkContext> STARTED_HERE = new AtomicReference<>();

    private SparkContexts() {
    }

    /**
     * Stops the context {@link #getOrCreate} started, if it is still running; one that was active
     * before (a notebook's) is left alone. For a command run inside a longer-lived JVM.
     */
    public static void stopIfStartedHere() {
        SparkContext context = STARTED_HERE.getAndSet(null);
        if (context != null && !context.isStopped()) {
            context.stop();
        }
    }

    /** The active context, or a new one configured from {@code settings}. */
    public static JavaSparkContext getOrCreate(SparkSettings settings) {
        SparkConf conf = new SparkConf().setAppName(settings.appName());
        if (settings.master() != null) {
            conf.setMaster(settings.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        // Round results carry whole models; above 1 MB Spark would park each in the block manager and fetch it
        // in a second trip. Users can still set their own value.
        conf.setIfMissing("spark.task.maxDirectResultSize", "256m");
        // Parameters are floats that LZ4 barely shrinks: compressing each round's broadcast only costs time.
        conf.setIfMissing("spark.broadcast.compress", "false");
        settings.conf().forEach(conf::set);
        if (conf.get("spark.master").startsWith("local")) {
            // everything is in this JVM: keep Spark's driver endpoints on the loopback interface
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        try {
            boolean none = SparkContext$.MODULE$.getActive().isEmpty();
            SparkContext context = SparkContext.getOrCreate(conf);
            if (none) {
                STARTED_HERE.set(context);
            }
            return JavaSparkContext.fromSparkContext(context);
        } catch (Exception e) { // Spark's SparkException is checked, thrown from Scala without a declaration
            throw startFailure(conf.get("spark.master"), e);
        }
    }

    /**
     * The one line for a context that did not start. Databricks compute in Standard access mode and
     * Serverless run jobs through Spark Connect, which has no SparkContext (nor RDDs, nor barrier
     * stages): said as such, with the access mode that works.
     */
    static SparkboltException startFailure(String master, Exception e) {
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        if (reason.contains("UNSUPPORTED_CONNECT_FEATURE") || reason.contains("Standard access mode or Serverless")) {
            return new SparkboltException("no SparkContext on this compute (" + reason + "): Sparkbolt trains with Spark's RDDs and"
                    + " barrier stages, which Databricks Standard access mode and Serverless do not offer; run it on a cluster in"
                    + " Dedicated (single user) access mode", e);
        }
        return new SparkboltException("Spark did not start (spark.master=" + master + "): " + reason, e);
    }
}

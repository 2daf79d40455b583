package io.sparkbolt.trainer.testing;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** The Spark context the strategy test classes share: local[2] on the loopback address, tasks tried up to 4 times, no UI. */
public final class LocalSpark {
    private LocalSpark() {
    }

    /** Starts {@code local[2,4]} named {@code appName}. */
    public static JavaSparkContext start(String appName) {
        return new JavaSparkContext(new SparkConf().setMaster("local[2,4]").setAppName(appName)
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }
}

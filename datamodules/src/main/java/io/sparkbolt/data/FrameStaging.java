package io.sparkbolt.data;

import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Writes a frame's selected columns as headerless CSV part files, one per partition, with a Spark
 * job (the rows go from executors to storage, never through the driver). The directory is deleted
 * when the driver's JVM exits.
 */
final class FrameStaging {
    private FrameStaging() {
    }

    /** Stages {@code selected} under {@code stagingDir} (empty: the default) and returns the new directory's URI. */
    static String write(Dataset<Row> selected, String stagingDir) {
        Path root = stagingDir.isEmpty() ? defaultRoot(selected) : Storage.path(stagingDir);
        Path dir = new Path(root, "frame-" + UUID.randomUUID());
        try {
            selected.write().option("header", "false").csv(dir.toString());
        } catch (Exception e) { // Spark's exceptions arrive undeclared from Scala
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw DataFrameDataModule.error("cannot stage the frame in " + dir + ": " + first);
        }
        try {
            Storage.fileSystem(dir).deleteOnExit(dir);
        } catch (IOException e) {
            // only the clean-up at exit is lost; the staged data is complete
        }
        return dir.toString();
    }

    /** {@code .sparkbolt/staging} in the home directory of the cluster's default file system (HDFS on YARN). */
    private static Path defaultRoot(Dataset<Row> frame) {
        try {
            FileSystem fs = FileSystem.get(frame.sparkSession().sparkContext().hadoopConfiguration());
            return new Path(fs.getHomeDirectory(), ".sparkbolt/staging");
        } catch (IOException e) {
            throw DataFrameDataModule.error("cannot reach the default file system for staging (set stagingDir): " + e.getMessage());
        }
    }
}

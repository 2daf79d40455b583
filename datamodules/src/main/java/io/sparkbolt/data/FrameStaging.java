package io.sparkbolt.data;

import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a frame that is not a plain Parquet scan (filters, joins, computed columns, a frame built
 * in Java, CSV or ORC) once as Parquet, with a Spark job: the rows go from executors to storage,
 * never through the driver. The directory's name is a fingerprint of the frame's plan and data, so
 * a later fit over the same frame (a resume, another run) finds the finished copy ({@code _SUCCESS})
 * and reads it instead of writing it again; a frame whose data changed gets a new directory. The
 * copies stay in the staging directory, which may be emptied whenever no fit is running.
 */
final class FrameStaging {
    private static final Logger LOG = LoggerFactory.getLogger(FrameStaging.class);

    private FrameStaging() {
    }

    /**
     * The directory holding {@code selected} as Parquet under {@code stagingDir} (empty: the default),
     * in at least {@code minParts} part files when it has that many rows; staged now unless it
     * already is.
     */
    static String stage(Dataset<Row> selected, String stagingDir, int minParts) {
        Path dir = new Path(StagingDirs.root("DataFrameDataModule", stagingDir), "frame-" + fingerprint(selected, minParts));
        if (StagingDirs.finished(dir)) {
            LOG.info("DataFrameDataModule: reading the frame staged before in {}", dir);
            return dir.toString();
        }
        long start = System.nanoTime();
        Dataset<Row> parts = selected.rdd().getNumPartitions() < minParts ? selected.repartition(minParts) : selected;
        try {
            parts.write().mode("overwrite").parquet(dir.toString());
        } catch (Exception e) { // Spark's exceptions arrive undeclared from Scala
            String first = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            throw DataFrameDataModule.error("cannot stage the frame in " + dir + ": " + first);
        }
        LOG.info("DataFrameDataModule: staged the frame as Parquet in {}: {} MB in {} s", dir,
                String.format("%.1f", bytes(dir) / 1e6), String.format("%.1f", (System.nanoTime() - start) / 1e9));
        return dir.toString();
    }

    /**
     * SHA-256 (first 16 bytes, hex) of the frame's canonical plan, how many parts it is cut into, and its
     * data: the names, sizes and modification times of its files when it reads only files, else the
     * row count and the sum of every row's 64-bit hash (one Spark job, order-independent).
     */
    static String fingerprint(Dataset<Row> selected, int minParts) {
        StringBuilder identity = new StringBuilder(selected.queryExecution().optimizedPlan().canonicalized().toString());
        identity.append("\nparts>=").append(minParts);
        if (PlainScan.readsOnlyFiles(selected)) {
            for (String file : List.of(selected.inputFiles()).stream().sorted().toList()) {
                FileStatus status = status(new Path(file));
                identity.append('\n').append(file).append(' ').append(status.getLen()).append(' ').append(status.getModificationTime());
            }
        } else {
            Column[] columns = Arrays.stream(selected.columns()).map(name -> selected.col("`" + name + "`")).toArray(Column[]::new);
            Row sums = selected.agg(functions.count(functions.lit(1)),
                    functions.sum(functions.xxhash64(columns).cast(DataTypes.createDecimalType(38, 0)))).first();
            identity.append("\nrows=").append(sums.get(0)).append(" hash=").append(sums.get(1));
        }
        return StagingDirs.fingerprint(identity.toString());
    }

    private static FileStatus status(Path file) {
        try {
            return Storage.fileSystem(file).getFileStatus(file);
        } catch (IOException e) {
            throw DataFrameDataModule.error("cannot read the status of " + file + ": " + e.getMessage());
        }
    }

    private static long bytes(Path dir) {
        try {
            return Storage.fileSystem(dir).getContentSummary(dir).getLength();
        } catch (IOException e) {
            return -1;
        }
    }
}

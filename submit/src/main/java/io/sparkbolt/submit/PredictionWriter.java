package io.sparkbolt.submit;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.storage.Storage;
import io.sparkbolt.trainer.strategy.Prediction;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes predictions to a directory on any Hadoop file system, one part per input shard (part
 * {@code i} holds shard {@code i}'s rows, in order): CSV through the file system, Parquet through
 * Spark SQL. Columns are the row's key, {@code shard} (the input shard's index in the predict
 * split) and {@code row} (the example's index within it), then {@code output_0 ... output_k-1},
 * plus {@code argmax} for several outputs: empty (null) when an output is NaN, never a made-up
 * class. The directory is written under a temporary name and renamed into place, so a failed run
 * leaves no half-written output; an existing one is refused.
 */
final class PredictionWriter {
    private PredictionWriter() {
    }

    /** Writes {@code predictions} (in input order) of {@code shards} input shards to {@code location}. */
    static void write(String location, String format, List<Prediction> predictions, int shards, SparkSettings spark) {
        Path output = Storage.path(location);
        if (Storage.exists(output)) {
            throw new SparkboltException("predict: output " + location + " already exists; remove it or choose another");
        }
        List<List<double[]>> parts = rowsByShard(predictions, shards);
        int width = parts.stream().flatMap(List::stream).findFirst().map(row -> row.length).orElse(0);
        Path staging = new Path(output.getParent(), "." + output.getName() + "." + UUID.randomUUID() + ".tmp");
        try {
            switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> writeCsv(staging, parts, width);
                case "parquet" -> writeParquet(staging, parts, width, spark);
                default -> throw new SparkboltException("predict: --format must be csv or parquet, got '" + format + "'");
            }
            FileSystem fs = Storage.fileSystem(output);
            if (!fs.rename(staging, output)) {
                throw new IOException("rename of " + staging + " to " + output + " failed");
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(staging);
            throw e instanceof SparkboltException s ? s
                    : new SparkboltException("predict: cannot write " + location + ": " + e.getMessage(), e);
        }
    }

    /** Each shard's rows: one per example, its output values. */
    private static List<List<double[]>> rowsByShard(List<Prediction> predictions, int shards) {
        List<List<double[]>> parts = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            parts.add(new ArrayList<>());
        }
        for (Prediction prediction : predictions) {
            INDArray output = prediction.output();
            INDArray matrix = output.rank() == 1 ? output.reshape(output.length(), 1) : output.reshape(output.size(0), -1);
            for (int r = 0; r < matrix.rows(); r++) {
                parts.get(prediction.shard()).add(matrix.getRow(r).toDoubleVector());
            }
        }
        return parts;
    }

    /** The index of the largest output, or {@code null} when an output is NaN (no class can be named). */
    static Long argmax(double[] values) {
        int best = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isNaN(values[i])) {
                return null;
            }
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return (long) best;
    }

    private static List<String> columns(int width) {
        List<String> names = new ArrayList<>(List.of("shard", "row"));
        for (int i = 0; i < width; i++) {
            names.add("output_" + i);
        }
        if (width > 1) {
            names.add("argmax");
        }
        return names;
    }

    private static void writeCsv(Path dir, List<List<double[]>> parts, int width) throws IOException {
        FileSystem fs = Storage.fileSystem(dir);
        String header = String.join(",", columns(width));
        for (int shard = 0; shard < parts.size(); shard++) {
            try (Writer out = new OutputStreamWriter(fs.create(new Path(dir, String.format("part-%05d.csv", shard)), false),
                    StandardCharsets.UTF_8)) {
                out.write(header + "\n");
                List<double[]> rows = parts.get(shard);
                for (int row = 0; row < rows.size(); row++) {
                    double[] values = rows.get(row);
                    StringBuilder line = new StringBuilder().append(shard).append(',').append(row);
                    for (double value : values) {
                        line.append(',').append(value);
                    }
                    if (width > 1) {
                        Long best = argmax(values);
                        line.append(',').append(best == null ? "" : best.toString());
                    }
                    out.write(line.append('\n').toString());
                }
            }
        }
        fs.create(new Path(dir, "_SUCCESS"), false).close();
    }

    private static void writeParquet(Path dir, List<List<double[]>> parts, int width, SparkSettings settings) {
        JavaSparkContext jsc = SparkContexts.getOrCreate(settings);
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("shard", DataTypes.IntegerType, false));
        fields.add(DataTypes.createStructField("row", DataTypes.LongType, false));
        for (int i = 0; i < width; i++) {
            fields.add(DataTypes.createStructField("output_" + i, DataTypes.DoubleType, false));
        }
        if (width > 1) {
            fields.add(DataTypes.createStructField("argmax", DataTypes.LongType, true));
        }
        StructType schema = DataTypes.createStructType(fields);
        List<Integer> shards = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            shards.add(i);
        }
        // One shard per slice: partition i is shard i, so part file i is too.
        var rows = jsc.parallelize(shards, Math.max(1, parts.size())).flatMap(shard -> {
            List<org.apache.spark.sql.Row> out = new ArrayList<>();
            List<double[]> part = parts.get(shard);
            for (int row = 0; row < part.size(); row++) {
                double[] values = part.get(row);
                Object[] cells = new Object[2 + values.length + (width > 1 ? 1 : 0)];
                cells[0] = shard;
                cells[1] = (long) row;
                for (int i = 0; i < values.length; i++) {
                    cells[2 + i] = values[i];
                }
                if (width > 1) {
                    cells[cells.length - 1] = argmax(values);
                }
                out.add(RowFactory.create(cells));
            }
            return out.iterator();
        });
        spark.createDataFrame(rows, schema).write().parquet(dir.toString());
        removeChecksumFiles(dir);
    }

    /** Spark writes through Hadoop's checksummed local file system: its {@code .crc} side files do not belong in the output. */
    private static void removeChecksumFiles(Path dir) {
        try {
            FileSystem fs = Storage.fileSystem(dir);
            if (!(fs instanceof org.apache.hadoop.fs.RawLocalFileSystem)) {
                return;
            }
            for (org.apache.hadoop.fs.FileStatus file : fs.listStatus(dir)) {
                if (file.getPath().getName().endsWith(".crc")) {
                    fs.delete(file.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new SparkboltException("predict: cannot tidy " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            Storage.fileSystem(dir).delete(dir, true);
        } catch (IOException e) {
            // the write already failed; that error is the one to report
        }
    }
}

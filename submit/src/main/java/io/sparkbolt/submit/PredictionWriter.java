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
import java.util.Arrays;
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
 * Spark SQL. Columns are {@code output_0 ... output_k-1}, plus {@code argmax} for several
 * outputs. The directory is written under a temporary name and renamed into place, so a failed
 * run leaves no half-written output; an existing one is refused.
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

    /** Each shard's rows: one per example, the output values and, for several columns, their argmax. */
    private static List<List<double[]>> rowsByShard(List<Prediction> predictions, int shards) {
        List<List<double[]>> parts = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            parts.add(new ArrayList<>());
        }
        for (Prediction prediction : predictions) {
            INDArray output = prediction.output();
            INDArray matrix = output.rank() == 1 ? output.reshape(output.length(), 1) : output.reshape(output.size(0), -1);
            for (int r = 0; r < matrix.rows(); r++) {
                double[] values = matrix.getRow(r).toDoubleVector();
                parts.get(prediction.shard()).add(values.length > 1 ? withArgmax(values) : values);
            }
        }
        return parts;
    }

    private static double[] withArgmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        double[] row = Arrays.copyOf(values, values.length + 1);
        row[values.length] = best;
        return row;
    }

    private static List<String> columns(int width) {
        List<String> names = new ArrayList<>();
        int outputs = width > 1 ? width - 1 : width;
        for (int i = 0; i < outputs; i++) {
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
                for (double[] row : parts.get(shard)) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 0; i < row.length; i++) {
                        line.append(i == 0 ? "" : ",").append(i == row.length - 1 && width > 1 ? Long.toString((long) row[i]) : row[i]);
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
        for (String name : columns(width)) {
            fields.add(DataTypes.createStructField(name, name.equals("argmax") ? DataTypes.LongType : DataTypes.DoubleType, false));
        }
        StructType schema = DataTypes.createStructType(fields);
        // One element per shard in as many slices: partition i is shard i, so part file i is too.
        var rows = jsc.parallelize(parts, Math.max(1, parts.size())).flatMap(part -> part.stream().map(values -> {
            Object[] cells = new Object[values.length];
            for (int i = 0; i < values.length; i++) {
                cells[i] = width > 1 && i == values.length - 1 ? (Object) (long) values[i] : values[i];
            }
            return RowFactory.create(cells);
        }).iterator());
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

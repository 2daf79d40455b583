package io.sparkbolt.trainer.predict;

import io.sparkbolt.trainer.api.Internal;
import io.sparkbolt.trainer.api.RowIds;
import io.sparkbolt.trainer.api.SparkboltException;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One attempt of one worker's predict task: each input shard's rows go to that shard's part file
 * ({@code part-00003.csv} for shard 3) in the attempt's work directory; {@link #commit} hands the
 * parts to the committer, {@link #abort} discards them. The parts are named by shard, not by
 * attempt, so a retried or repeated attempt replaces what an earlier one committed: there is never
 * a duplicate part.
 */
@Internal
public final class PredictionTask {
    private final PredictionTarget target;
    private final Configuration conf;
    private final TaskAttemptContext context;
    private final PathOutputCommitter committer;
    private final Path workPath;
    private final Map<Integer, Part> parts = new TreeMap<>();
    private long rows;

    private PredictionTask(PredictionTarget target, Configuration conf, TaskAttemptContext context, PathOutputCommitter committer,
                           Path workPath) {
        this.target = target;
        this.conf = conf;
        this.context = context;
        this.committer = committer;
        this.workPath = workPath;
    }

    static PredictionTask open(PredictionTarget target, int worker, int attempt) {
        Configuration conf = target.configuration();
        TaskAttemptContext context = target.taskContext(conf, worker, attempt);
        try {
            PathOutputCommitter committer = target.committer(context);
            committer.setupTask(context);
            return new PredictionTask(target, conf, context, committer, committer.getWorkPath());
        } catch (IOException e) {
            throw new SparkboltException("predict: cannot start writing to " + target.location() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code body} with worker {@code worker}'s task attempt when the round writes to {@code
     * target}, committing the parts when it returns and discarding them when it throws; with no
     * target, {@code body} gets {@code null} and outputs come back in the result.
     */
    public static <T> T run(PredictionTarget target, int worker, int attempt, Function<PredictionTask, T> body) {
        if (target == null) {
            return body.apply(null);
        }
        PredictionTask task = target.openTask(worker, attempt);
        try {
            T result = body.apply(task);
            task.commit();
            return result;
        } catch (RuntimeException | Error e) {
            task.abort();
            throw e;
        }
    }

    /**
     * Writes one batch's outputs (one row each; a rank-1 output is one value per row) as rows of
     * shard {@code shard}'s part, keyed by {@code ids} when the batch has them.
     */
    public void write(int shard, INDArray output, RowIds ids) {
        INDArray matrix = output.rank() == 1 ? output.reshape(output.length(), 1) : output.reshape(output.size(0), -1);
        double[][] values = matrix.toDoubleMatrix();
        if (ids != null && ids.values().size() != values.length) {
            throw new SparkboltException("predict: a batch of shard " + shard + " has " + ids.values().size() + " ids for "
                    + values.length + " output rows");
        }
        try {
            Part part = part(shard, new PredictionColumns(ids == null ? null : ids.column(), (int) matrix.columns()));
            for (int r = 0; r < values.length; r++) {
                part.writer.write(shard, part.nextRow++, ids == null ? null : ids.values().get(r), values[r]);
            }
            rows += values.length;
        } catch (IOException e) {
            throw new SparkboltException("predict: cannot write shard " + shard + "'s part under " + target.location() + ": "
                    + e.getMessage(), e);
        }
    }

    private Part part(int shard, PredictionColumns columns) throws IOException {
        Part part = parts.get(shard);
        if (part == null) {
            Path file = new Path(workPath, String.format("part-%05d.%s", shard, target.format().extension()));
            PartWriter writer = switch (target.format()) {
                case CSV -> new CsvPartWriter(file.getFileSystem(conf).create(file, false), columns);
                case PARQUET -> new ParquetPartWriter(file, conf, columns);
            };
            part = new Part(columns, writer);
            parts.put(shard, part);
        } else if (!part.columns.equals(columns)) {
            throw new SparkboltException("predict: shard " + shard + "'s outputs changed shape from " + part.columns.names()
                    + " to " + columns.names() + "; predictStep must return the same outputs (and ids) for every batch");
        }
        return part;
    }

    /** Rows written so far by this attempt. */
    public long rows() {
        return rows;
    }

    /** Closes the parts and commits them through the job's committer. */
    public void commit() {
        try {
            closeParts();
            if (committer.needsTaskCommit(context)) {
                committer.commitTask(context);
            }
        } catch (IOException e) {
            throw new SparkboltException("predict: cannot commit the parts under " + target.location() + ": " + e.getMessage(), e);
        }
    }

    /** Discards the attempt's parts (best effort: the job's cleanup removes what is left). */
    public void abort() {
        try {
            closeParts();
        } catch (IOException | RuntimeException e) {
            // the attempt failed already; its parts are being discarded
        }
        try {
            committer.abortTask(context);
        } catch (IOException e) {
            // left for the job's cleanup, which deletes every attempt directory
        }
    }

    private void closeParts() throws IOException {
        IOException first = null;
        for (Part part : parts.values()) {
            try {
                part.writer.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        parts.clear();
        if (first != null) {
            throw first;
        }
    }

    /** An open part: its columns, its writer and the next row's index within the shard. */
    private static final class Part {
        final PredictionColumns columns;
        final PartWriter writer;
        long nextRow;

        Part(PredictionColumns columns, PartWriter writer) {
            this.columns = columns;
            this.writer = writer;
        }
    }
}

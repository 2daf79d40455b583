package io.sparkbolt.trainer.predict;

import io.sparkbolt.trainer.api.Internal;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;
import org.apache.hadoop.mapreduce.task.JobContextImpl;

/**
 * The driver's side of writing predictions, as Spark's own file writers drive a Hadoop committer:
 * {@link #start} sets the job up (the output directory must not exist), the workers' tasks write
 * and commit their parts ({@link PredictionTask}), then {@link #commit} moves the committed parts
 * into place and writes {@code _SUCCESS}, or {@link #abort} removes everything the job wrote.
 */
@Internal
public final class PredictionJob {
    private final PredictionTarget target;
    private final Configuration conf;
    private final JobContext job;
    private final PathOutputCommitter committer;

    private PredictionJob(PredictionTarget target, Configuration conf, JobContext job, PathOutputCommitter committer) {
        this.target = target;
        this.conf = conf;
        this.job = job;
        this.committer = committer;
    }

    /** Sets up a job writing to {@code output}; refuses an output that exists. */
    public static PredictionJob start(PredictionOutput output) {
        output.requireAbsent();
        String tracker = new SimpleDateFormat("yyyyMMddHHmmss", Locale.ROOT).format(new Date());
        PredictionTarget target = new PredictionTarget(Storage.path(output.location()).toString(), output.format(), tracker,
                ThreadLocalRandom.current().nextInt(1 << 30));
        Configuration conf = target.configuration();
        JobContext job = new JobContextImpl(conf, target.jobId());
        try {
            // The job's committer, made as Spark's commit protocol makes it: from the context of task 0's first attempt.
            PathOutputCommitter committer = target.committer(target.taskContext(conf, 0, 0));
            committer.setupJob(job);
            return new PredictionJob(target, conf, job, committer);
        } catch (IOException e) {
            throw new SparkboltException("predict: cannot start writing to " + output.location() + ": " + e.getMessage(), e);
        }
    }

    /** What the tasks need to write into this job. */
    public PredictionTarget target() {
        return target;
    }

    /** Moves the committed parts into place and writes {@code _SUCCESS}; returns what is there. */
    public PredictionSummary commit(long rows) {
        try {
            committer.commitJob(job);
            return new PredictionSummary(target.location(), rows, countParts());
        } catch (IOException e) {
            abort();
            throw new SparkboltException("predict: cannot commit the predictions in " + target.location() + ": " + e.getMessage(), e);
        }
    }

    private int countParts() throws IOException {
        Path output = target.outputPath();
        int parts = 0;
        for (FileStatus file : output.getFileSystem(conf).listStatus(output)) {
            parts += file.getPath().getName().startsWith("part-") ? 1 : 0;
        }
        return parts;
    }

    /** Ends a failed job: the committer's cleanup, then the output directory, which this job created. */
    public void abort() {
        try {
            committer.abortJob(job, JobStatus.State.FAILED);
        } catch (IOException | RuntimeException e) {
            // the directory goes below in any case
        }
        try {
            FileSystem fs = target.outputPath().getFileSystem(conf);
            fs.delete(target.outputPath(), true);
        } catch (IOException e) {
            // the prediction failed already; that error is the one to report
        }
    }
}

package io.sparkbolt.trainer.predict;

import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.PathOutputCommitterFactory;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * What a worker task needs to write its parts into a running prediction job (it travels with the
 * predict round): the output directory, the format and the Hadoop job's id. The committer is the
 * one Hadoop's {@link PathOutputCommitterFactory} names for the output's file system (the classic
 * {@code FileOutputCommitter} unless the configuration picks another, such as an S3A committer).
 *
 * @param location     the output directory, as a qualified Hadoop path
 * @param format       the parts' format
 * @param jobTrackerId the job's tracker id (its start time)
 * @param jobNumber    the job's number under that id
 */
public record PredictionTarget(String location, PredictionFormat format, String jobTrackerId, int jobNumber)
        implements Serializable {

    Path outputPath() {
        return new Path(location);
    }

    JobID jobId() {
        return new JobID(jobTrackerId, jobNumber);
    }

    /**
     * The job's Hadoop configuration: this JVM's (with Spark's {@code spark.hadoop.*}), the output
     * directory set, and the raw local file system for {@code file:} paths, so no {@code .crc}
     * side files end up beside the parts.
     */
    Configuration configuration() {
        Configuration conf = new Configuration(Storage.configuration());
        conf.set(FileOutputFormat.OUTDIR, location);
        conf.set("fs.file.impl", RawLocalFileSystem.class.getName());
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    /** The context of attempt {@code attempt} of task {@code task} (a worker), as a map task of the job. */
    TaskAttemptContext taskContext(Configuration conf, int task, int attempt) {
        return new TaskAttemptContextImpl(conf, new TaskAttemptID(jobTrackerId, jobNumber, TaskType.MAP, task, attempt));
    }

    PathOutputCommitter committer(TaskAttemptContext context) throws IOException {
        return PathOutputCommitterFactory.createCommitter(outputPath(), context);
    }

    /** Starts worker {@code worker}'s attempt {@code attempt}: its parts go to the attempt's own directory until committed. */
    public PredictionTask openTask(int worker, int attempt) {
        return PredictionTask.open(this, worker, attempt);
    }
}

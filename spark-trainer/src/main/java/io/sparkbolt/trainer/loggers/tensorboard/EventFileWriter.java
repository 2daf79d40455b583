package io.sparkbolt.trainer.loggers.tensorboard;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.Closeable;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;

/**
 * Appends {@link Event}s to one {@code events.out.tfevents.<time>.<host>.<pid>.<n>} file, the
 * name TensorBoard scans for, starting with the {@code brain.Event:2} version record. Written
 * through Hadoop's file system: {@link #flush()} makes the records visible on HDFS and local
 * files; object stores (S3) show the file when it is closed.
 */
public final class EventFileWriter implements Closeable {
    private static int opened;

    private final Path path;
    private final FSDataOutputStream out;

    private EventFileWriter(Path path) {
        this.path = path;
        try {
            this.out = Storage.fileSystem(path).create(path, false);
        } catch (IOException e) {
            throw new SparkboltException("cannot create TensorBoard event file " + path + ": " + e.getMessage(), e);
        }
        write(Event.newBuilder().setWallTime(now()).setFileVersion("brain.Event:2").build());
    }

    /** Opens a new event file in {@code dir}. */
    public static EventFileWriter open(Path dir) {
        long seconds = System.currentTimeMillis() / 1000;
        String name = "events.out.tfevents." + seconds + "." + host() + "." + ProcessHandle.current().pid() + "." + next();
        return new EventFileWriter(Storage.resolve(dir, name));
    }

    private static synchronized int next() {
        return opened++;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName().replaceAll("^\\d+@", "");
        }
    }

    /** Seconds since the epoch, as TensorBoard's wall time. */
    public static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Appends one record. */
    public void write(Event event) {
        try {
            out.write(TfRecords.frame(event.toByteArray()));
        } catch (IOException e) {
            throw new SparkboltException("cannot write to TensorBoard event file " + path + ": " + e.getMessage(), e);
        }
    }

    /** Makes what was written visible to readers. */
    public void flush() {
        try {
            out.hflush();
        } catch (IOException e) {
            throw new SparkboltException("cannot flush TensorBoard event file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file written. */
    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new SparkboltException("cannot close TensorBoard event file " + path + ": " + e.getMessage(), e);
        }
    }
}

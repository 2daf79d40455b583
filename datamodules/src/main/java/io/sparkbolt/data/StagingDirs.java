package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Where data modules keep the copies they make of data that cannot be read as given (a frame that is
 * not a plain Parquet scan, a compressed CSV file with fewer pieces than workers): {@code stagingDir},
 * or {@code .sparkbolt/staging} in the home directory of the cluster's default file system (HDFS on
 * YARN), which every executor reaches. Copies are named by a fingerprint of what they copy, so a
 * later fit over the same data finds them.
 */
final class StagingDirs {
    /** The marker a finished copy's directory holds (as Hadoop's committers write it). */
    static final String SUCCESS = "_SUCCESS";

    private StagingDirs() {
    }

    /** {@code stagingDir}, or the default when it is empty; {@code owner} names the module in errors. */
    static Path root(String owner, String stagingDir) {
        if (stagingDir != null && !stagingDir.isBlank()) {
            return Storage.path(stagingDir);
        }
        try {
            FileSystem fs = FileSystem.get(Storage.configuration());
            return new Path(fs.getHomeDirectory(), ".sparkbolt/staging");
        } catch (IOException e) {
            throw new SparkboltException(owner + ": cannot reach the default file system for staging (set stagingDir): " + e.getMessage());
        }
    }

    /** Whether {@code dir} holds a finished copy. */
    static boolean finished(Path dir) {
        return Storage.exists(new Path(dir, SUCCESS));
    }

    /** The first 16 bytes of the SHA-256 of {@code identity}, in hex: a copy's directory name. */
    static String fingerprint(String identity) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

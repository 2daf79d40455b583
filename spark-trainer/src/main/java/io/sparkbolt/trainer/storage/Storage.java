package io.sparkbolt.trainer.storage;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.slf4j.LoggerFactory;

/**
 * Files through Hadoop's {@link FileSystem}, so every path may be a Hadoop URI ({@code hdfs:},
 * {@code s3a:}, {@code file:} ...) and a plain path means the local file system. Writes go to a
 * temporary name first and are renamed into place, so readers never see half a file.
 */
public final class Storage {
    private static final Configuration CONF = new Configuration();
    private static final Set<String> ATOMIC_RENAME_SCHEMES = Set.of("file", "hdfs", "viewfs");
    private static Map<String, String> appliedSparkProperties = Map.of();
    /** What a replaced file is called while its replacement is copied into place: {@code .NAME.bak}. */
    public static final String MOVED_ASIDE_SUFFIX = ".bak";
    /** How the temporary files of writes in progress end: {@code .NAME.<random>.tmp}. */
    public static final String TEMPORARY_SUFFIX = ".tmp";
    /** The marker {@link #createDirectoryExclusively} creates where directories cannot be created exclusively. */
    private static final String CLAIM_MARKER = ".sparkbolt-claimed";

    private Storage() {
    }

    /**
     * The Hadoop configuration every file system here is opened with (for Hadoop readers that need
     * one), with the {@code spark.hadoop.*} settings of the JVM and the running Spark environment
     * laid over it, as Spark does for its own Hadoop configuration.
     */
    public static synchronized Configuration configuration() {
        Map<String, String> sparkProperties = SparkHadoopProperties.current();
        if (!sparkProperties.equals(appliedSparkProperties)) {
            sparkProperties.forEach(CONF::set);
            appliedSparkProperties = sparkProperties;
        }
        return CONF;
    }

    /**
     * Applies the {@code spark.hadoop.*} entries of a run's Spark settings (a config's {@code
     * spark.conf}: S3 endpoints, keys, credentials providers) to the file systems this JVM opens,
     * also when no Spark context runs (the local strategy), as Spark applies them to its own.
     */
    public static void useSparkConf(Map<String, String> sparkConf) {
        SparkHadoopProperties.useRunSettings(sparkConf);
    }

    /** The Hadoop path of a plain path or URI. */
    public static Path path(String location) {
        URI uri = URI.create(location.replace(" ", "%20"));
        if (uri.getScheme() == null) {
            // Through the string form, which Hadoop normalises: File.toURI() ends an existing directory with '/'.
            return new Path(new java.io.File(location).getAbsoluteFile().toURI().toString());
        }
        return new Path(location);
    }

    /** {@code child} under {@code parent}. */
    public static Path resolve(Path parent, String child) {
        return new Path(parent, child);
    }

    /**
     * The file system a path lives on. On the local file system, the raw one: Hadoop's checksummed
     * local file system would put a {@code .crc} side file beside every log, checkpoint and
     * prediction file (HDFS and object stores keep checksums of their own, out of sight).
     */
    public static FileSystem fileSystem(Path path) {
        try {
            FileSystem fs = path.getFileSystem(configuration());
            return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
        } catch (IOException e) {
            throw new SparkboltException("no file system for " + path + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof java.net.UnknownHostException unknown) {
                // HDFS's client resolves the name node's host when it starts
                throw new SparkboltException("cannot reach " + path + ": the host " + unknown.getMessage() + " does not resolve", e);
            }
            throw e;
        }
    }

    public static boolean exists(Path path) {
        try {
            return fileSystem(path).exists(path);
        } catch (IOException e) {
            throw unreachable(path, e);
        }
    }

    /**
     * The one line for a file system that cannot be asked about {@code path}: a name node that is
     * not running (connection refused), a host that does not answer, a refused login.
     */
    private static SparkboltException unreachable(Path path, IOException e) {
        String why = e instanceof java.net.ConnectException || e.getCause() instanceof java.net.ConnectException
                ? "nothing listens at " + path.toUri().getAuthority() + " (is the name node running?)"
                : String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
        return new SparkboltException("cannot reach " + path + ": " + why, e);
    }

    /** When {@code path} was last written, in milliseconds since the epoch. */
    public static long modificationTime(Path path) {
        try {
            return fileSystem(path).getFileStatus(path).getModificationTime();
        } catch (IOException e) {
            throw unreachable(path, e);
        }
    }

    /** Names of the entries directly under {@code dir}; empty when it does not exist. */
    public static List<String> list(Path dir) {
        List<String> names = new ArrayList<>();
        try {
            FileSystem fs = fileSystem(dir);
            if (!fs.exists(dir)) {
                return names;
            }
            for (FileStatus status : fs.listStatus(dir)) {
                names.add(status.getPath().getName());
            }
            return names;
        } catch (IOException e) {
            throw unreachable(dir, e);
        }
    }

    /**
     * Creates {@code dir} (and its parents) unless it exists; returns whether this call created it,
     * so two processes racing for one name never both get it. Local directories are created
     * atomically by the operating system; elsewhere a marker file inside is created without
     * overwriting, which HDFS's name node does atomically. Object stores have no such operation:
     * there two racing writers can both succeed.
     */
    public static boolean createDirectoryExclusively(Path dir) {
        try {
            if (isLocal(dir)) {
                java.nio.file.Path local = localPath(dir);
                java.nio.file.Files.createDirectories(local.getParent());
                java.nio.file.Files.createDirectory(local);
                return true;
            }
            FileSystem fs = fileSystem(dir);
            fs.mkdirs(dir.getParent());
            fs.create(new Path(dir, CLAIM_MARKER), false).close();
            return true;
        } catch (java.nio.file.FileAlreadyExistsException | org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new SparkboltException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A local Hadoop path ({@code file:} or no scheme) as a java.nio path. */
    private static java.nio.file.Path localPath(Path path) {
        return java.nio.file.Path.of(path.toUri().getPath());
    }

    private static boolean isLocal(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || scheme.equals("file");
    }

    public static void mkdirs(Path dir) {
        try {
            fileSystem(dir).mkdirs(dir);
        } catch (IOException e) {
            throw new SparkboltException("cannot create directory " + dir + ": " + e.getMessage(), e);
        }
    }

    public static InputStream open(Path path) {
        try {
            return fileSystem(path).open(path);
        } catch (IOException e) {
            throw new SparkboltException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code bytes} to {@code path} through a temporary file renamed into place. */
    public static void writeAtomically(Path path, byte[] bytes) {
        writeAtomically(path, out -> out.write(bytes));
    }

    /**
     * Writes what {@code writer} produces to {@code path} through a temporary file renamed into
     * place. Where renames are atomic (local files, HDFS) the rename replaces the old file in one
     * step; a failed or interrupted write leaves only the temporary file, never a half-written
     * {@code path}.
     */
    public static void writeAtomically(Path path, StreamWriter writer) {
        writeAtomically(path, writer, written -> { });
    }

    /**
     * As {@link #writeAtomically(Path, StreamWriter)}, for files that can be checked: where renames
     * are not atomic (object stores copy), {@code verifier} reads the temporary file before it
     * replaces {@code path} and the final file after, so a bad copy is caught at once and a bad
     * write never replaces a good file. The verifier throws when a file is not intact.
     */
    public static void writeAtomically(Path path, StreamWriter writer, Consumer<Path> verifier) {
        FileSystem fs = fileSystem(path);
        // A name of its own per write: two writers of one file never share (and interleave in) a temporary file.
        Path temporary = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
        boolean atomic = hasAtomicRename(path);
        try {
            fs.mkdirs(path.getParent());
            try (FSDataOutputStream out = fs.create(temporary, false)) {
                writer.write(out);
                syncToStableStorage(out);
            }
            if (atomic && isLocal(path)) {
                // rename(2): replaces the old file in one step, also while another writer replaces it (Hadoop's local
                // rename with OVERWRITE deletes, then renames, and fails when a second writer's rename lands between)
                java.nio.file.Files.move(localPath(temporary), localPath(path), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(path.getParent());
            } else if (atomic) {
                FileContext.getFileContext(path.toUri(), configuration()).rename(temporary, path, Options.Rename.OVERWRITE);
            } else {
                verifier.accept(temporary);
                replaceByCopy(fs, temporary, path, verifier);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fs, temporary);
            throw new SparkboltException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the written bytes durable before the file is renamed into place, so a machine that
     * crashes after the rename cannot come back with the new name on an empty or partial file
     * (local files: fsync; HDFS: hsync to the data nodes' disks). Object-store streams have no such
     * call and need none: their object exists only once the upload at close has succeeded.
     */
    private static void syncToStableStorage(FSDataOutputStream out) throws IOException {
        if (out.hasCapability(StreamCapabilities.HSYNC)) {
            out.hsync();
        }
    }

    /** On local files, makes a rename in {@code dir} durable too (the directory entry is data of its own). */
    private static void syncDirectory(Path dir) {
        if (!isLocal(dir)) {
            return; // HDFS logs the rename in the name node's edit log before it returns
        }
        try (FileChannel channel = FileChannel.open(localPath(dir), StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the file's own bytes are already synced.
            LoggerFactory.getLogger(Storage.class).debug("cannot sync directory {}: {}", dir, e.getMessage());
        }
    }

    /** Whether renames on {@code path}'s file system are atomic, so a rename can replace a file safely. */
    public static boolean hasAtomicRename(Path path) {
        String scheme = path.toUri().getScheme();
        return scheme == null || ATOMIC_RENAME_SCHEMES.contains(scheme);
    }

    /**
     * Where a rename is a copy (object stores): the old file is kept aside until the new one has
     * been copied and verified, and put back if that fails, so a good file always exists.
     */
    private static void replaceByCopy(FileSystem fs, Path from, Path to, Consumer<Path> verifier) throws IOException {
        Path backup = new Path(to.getParent(), "." + to.getName() + MOVED_ASIDE_SUFFIX);
        boolean hadOld = fs.exists(to);
        if (hadOld) {
            fs.delete(backup, false);
            rename(fs, to, backup);
        }
        try {
            rename(fs, from, to);
            verifier.accept(to);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(fs, to);
            if (hadOld) {
                rename(fs, backup, to);
            }
            throw e;
        }
        if (hadOld) {
            fs.delete(backup, false);
        }
    }

    private static void rename(FileSystem fs, Path from, Path to) throws IOException {
        if (!fs.rename(from, to)) {
            throw new IOException("rename of " + from + " to " + to + " failed");
        }
    }

    public static void delete(Path path) {
        try {
            fileSystem(path).delete(path, true);
        } catch (IOException e) {
            throw new SparkboltException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(FileSystem fs, Path path) {
        try {
            fs.delete(path, false);
        } catch (IOException ignored) {
            // the write already failed; that error is the one to report
        }
    }

    /** Writes to an output stream. */
    @FunctionalInterface
    public interface StreamWriter {
        void write(OutputStream out) throws IOException;
    }
}

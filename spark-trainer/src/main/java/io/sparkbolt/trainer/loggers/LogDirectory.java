package io.sparkbolt.trainer.loggers;

import io.sparkbolt.trainer.storage.Storage;
import java.util.List;
import org.apache.hadoop.fs.Path;

/** {@code <root>/<name>/version_N}, as Lightning's loggers lay it out: the directories and their numbers. */
public final class LogDirectory {
    private static final String VERSION_PREFIX = "version_";

    private LogDirectory() {
    }

    /** {@code <experiment>/version_N}. */
    public static Path version(Path experimentDir, int number) {
        return Storage.resolve(experimentDir, VERSION_PREFIX + number);
    }

    /** The version numbers under {@code <root>/<name>}, highest first. */
    public static List<Integer> versions(Path experimentDir) {
        return Storage.list(experimentDir).stream().map(LogDirectory::number).filter(n -> n >= 0)
                .sorted(java.util.Comparator.reverseOrder()).toList();
    }

    /** The next unused version number under {@code <root>/<name>}. */
    public static int nextVersion(Path experimentDir) {
        List<Integer> versions = versions(experimentDir);
        return versions.isEmpty() ? 0 : versions.get(0) + 1;
    }

    /** N of {@code version_N}, or -1 for any other name (a directory someone named by hand is not one of ours). */
    private static int number(String entry) {
        if (!entry.startsWith(VERSION_PREFIX)) {
            return -1;
        }
        try {
            return Integer.parseInt(entry.substring(VERSION_PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

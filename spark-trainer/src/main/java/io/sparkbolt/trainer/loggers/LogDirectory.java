package io.sparkbolt.trainer.loggers;

import io.sparkbolt.trainer.storage.Storage;
import org.apache.hadoop.fs.Path;

/** {@code <root>/<name>/version_N}: finds the next free N, as Lightning's loggers do. */
public final class LogDirectory {
    private LogDirectory() {
    }

    /** The next unused version number under {@code <root>/<name>}. */
    public static int nextVersion(Path experimentDir) {
        int next = 0;
        for (String entry : Storage.list(experimentDir)) {
            if (entry.startsWith("version_")) {
                try {
                    next = Math.max(next, Integer.parseInt(entry.substring("version_".length())) + 1);
                } catch (NumberFormatException ignored) {
                    // a directory someone named by hand; not one of ours
                }
            }
        }
        return next;
    }
}

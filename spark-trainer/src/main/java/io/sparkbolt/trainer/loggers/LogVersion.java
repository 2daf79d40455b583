package io.sparkbolt.trainer.loggers;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * A logger's {@code <root>/<name>/version_N} directory, as Lightning's loggers lay it out: a
 * fixed version, the next free one, or, for a fit resumed from a checkpoint, the version the
 * checkpoint was logged in. Created on first use.
 */
final class LogVersion {
    private static final int MAX_CLAIM_ATTEMPTS = 1000;
    private String root;
    private final String name;
    private final Integer requested;
    private Integer resumed;
    private Path dir;
    private int number = -1;

    /**
     * @param root      the root directory (path or Hadoop URI); {@code null}: the Trainer's {@code defaultRootDir}
     * @param name      the experiment name
     * @param requested a fixed version, or {@code null} for the next free one
     */
    LogVersion(String root, String name, Integer requested) {
        this.root = root;
        this.name = name;
        this.requested = requested;
    }

    /** The version fixed in the logger's args, if one was. */
    java.util.Optional<Integer> requested() {
        return java.util.Optional.ofNullable(requested);
    }

    String name() {
        return name;
    }

    /** The Trainer's root directory, for a logger given none. */
    void useRootIfUnset(String defaultRoot) {
        if (root == null || root.isBlank()) {
            root = defaultRoot;
        }
    }

    Path experiment() {
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("a logger without saveDir writes under the Trainer's defaultRootDir; use it through a Trainer");
        }
        return Storage.resolve(Storage.path(root), name);
    }

    /** The version directory, created now if it was not. */
    Path dir() {
        if (dir == null) {
            Path experiment = experiment();
            if (requested != null || resumed != null) {
                number = requested != null ? requested : resumed;
                dir = LogDirectory.version(experiment, number);
                Storage.mkdirs(dir);
            } else {
                claimNextVersion(experiment);
            }
        }
        return dir;
    }

    /**
     * Takes the next free version, created exclusively: when another run started at the same time
     * took that number first, the next one, so runs sharing a root never share a version directory.
     */
    private void claimNextVersion(Path experiment) {
        int candidate = LogDirectory.nextVersion(experiment);
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++, candidate++) {
            Path candidateDir = LogDirectory.version(experiment, candidate);
            if (Storage.createDirectoryExclusively(candidateDir)) {
                number = candidate;
                dir = candidateDir;
                return;
            }
        }
        throw new SparkboltException("no free version directory under " + experiment + " after " + MAX_CLAIM_ATTEMPTS
                + " attempts: other runs keep taking them");
    }

    int number() {
        dir();
        return number;
    }

    /**
     * Takes the version a checkpoint was logged in ({@code version} and {@code logDir} of its logger
     * state), if no version was fixed, none was created yet and the experiment is the same;
     * returns whether it did.
     */
    boolean resume(Map<String, Object> saved) {
        if (requested != null || dir != null || !(saved.get("version") instanceof Number version)) {
            return false;
        }
        Path savedDir = LogDirectory.version(experiment(), version.intValue());
        if (!savedDir.toString().equals(saved.get("logDir"))) {
            return false;
        }
        resumed = version.intValue();
        return true;
    }

    /** Whether this directory continues a checkpoint's version. */
    boolean isResumed() {
        return resumed != null && requested == null;
    }
}

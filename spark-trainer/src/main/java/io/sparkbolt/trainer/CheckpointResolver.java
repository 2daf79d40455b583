package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.checkpoint.CheckpointState;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.storage.Storage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code ckptPath} into a file: a path or Hadoop URI as given; {@code last}: the newest
 * checkpoint (highest global step, then latest written) in the directories the Trainer's
 * {@link ModelCheckpoint}s write to (for the default directory, under every version of the
 * first logger's experiment), counting a copy that an interrupted object-store write moved aside
 * while its original is missing, and failing with one line, never starting afresh, when
 * checkpoints exist but none can be read; {@code best}: the best one a ModelCheckpoint recorded, in this
 * Trainer or in the newest checkpoint's saved state.
 */
final class CheckpointResolver {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CheckpointResolver.class);

    private final Trainer trainer;

    CheckpointResolver(Trainer trainer) {
        this.trainer = trainer;
    }

    /** The checkpoint to load, or {@code null} for {@code last} when none exists yet (a first run starts fresh, as Lightning does). */
    Path resolve(String ckptPath) {
        return switch (ckptPath) {
            case "last" -> {
                Found latest = newest();
                if (latest == null) {
                    LOG.warn("ckptPath=last: no checkpoint under {}; training starts from scratch", searchedDirs());
                }
                yield latest == null ? null : latest.path();
            }
            case "best" -> best();
            default -> Storage.path(ckptPath);
        };
    }

    private Path best() {
        for (ModelCheckpoint callback : checkpointCallbacks()) {
            if (!callback.bestModelPath().isEmpty()) {
                return Storage.path(callback.bestModelPath());
            }
        }
        Found latest = newest();
        if (latest != null) {
            for (Map<String, Object> state : latest.state().callbacks().values()) {
                Object best = state.get("bestModelPath");
                if (best instanceof String path && !path.isEmpty()) {
                    return Storage.path(path);
                }
            }
        }
        throw new SparkboltException("ckptPath=best: no ModelCheckpoint has recorded a best checkpoint under " + searchedDirs());
    }

    private Found newest() {
        Found newest = null;
        List<String> unreadable = new ArrayList<>();
        for (Path dir : searchedDirs()) {
            List<String> names = Storage.list(dir);
            for (String name : names) {
                boolean movedAside = isMovedAside(name);
                if (movedAside ? names.contains(originalName(name)) : !name.endsWith(".ckpt") || name.startsWith(".")) {
                    continue; // a moved-aside copy counts only while its original is missing
                }
                Path file = Storage.resolve(dir, name);
                CheckpointState state;
                try {
                    state = CheckpointIO.readState(file);
                } catch (SparkboltException e) {
                    LOG.warn("skipping unreadable checkpoint {}: {}", file, e.getMessage());
                    unreadable.add(file + " (" + e.getMessage() + ")");
                    continue;
                }
                Found found = new Found(file, state);
                if (newest == null || found.isNewerThan(newest)) {
                    newest = found;
                }
            }
        }
        if (newest == null && !unreadable.isEmpty()) {
            // never a silent fresh start while checkpoints exist
            throw new SparkboltException("ckptPath=last: no checkpoint under " + searchedDirs() + " can be read: "
                    + String.join("; ", unreadable) + "; give --ckptPath a checkpoint file, or remove these to start afresh");
        }
        if (newest != null && isMovedAside(newest.path().getName())) {
            LOG.warn("ckptPath=last: {} is missing; restoring {}, the copy an interrupted write on an object store moved aside",
                    originalName(newest.path().getName()), newest.path());
        }
        return newest;
    }

    /**
     * Whether {@code name} is a checkpoint an object-store write moved aside ({@code .last.ckpt.bak}
     * for {@code last.ckpt}) before copying its replacement into place.
     */
    private static boolean isMovedAside(String name) {
        return name.startsWith(".") && name.endsWith(".ckpt" + Storage.MOVED_ASIDE_SUFFIX);
    }

    private static String originalName(String movedAside) {
        return movedAside.substring(1, movedAside.length() - Storage.MOVED_ASIDE_SUFFIX.length());
    }

    private Set<Path> searchedDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        for (ModelCheckpoint callback : checkpointCallbacks()) {
            if (callback.dirPath() != null) {
                dirs.add(Storage.path(callback.dirPath()));
            } else {
                dirs.addAll(defaultDirs());
            }
        }
        return dirs;
    }

    /** {@code <experiment>/version_*\/checkpoints} of the first logger that writes files, else {@code <root>/checkpoints}. */
    private List<Path> defaultDirs() {
        List<Path> dirs = new ArrayList<>();
        for (Logger logger : trainer.getLoggers()) {
            if (logger.experimentDir() != null) {
                Path experiment = Storage.path(logger.experimentDir());
                for (String entry : Storage.list(experiment)) {
                    if (entry.startsWith("version_")) {
                        dirs.add(Storage.resolve(Storage.resolve(experiment, entry), "checkpoints"));
                    }
                }
                return dirs;
            }
        }
        dirs.add(Storage.resolve(Storage.path(trainer.settings().output().defaultRootDir()), "checkpoints"));
        return dirs;
    }

    private List<ModelCheckpoint> checkpointCallbacks() {
        List<ModelCheckpoint> found = new ArrayList<>();
        for (Callback callback : trainer.callbacks()) {
            if (callback instanceof ModelCheckpoint checkpoint) {
                found.add(checkpoint);
            }
        }
        return found;
    }

    private record Found(Path path, CheckpointState state) {
        boolean isNewerThan(Found other) {
            if (state.globalStep() != other.state.globalStep()) {
                return state.globalStep() > other.state.globalStep();
            }
            return state.savedAt() > other.state.savedAt();
        }
    }
}

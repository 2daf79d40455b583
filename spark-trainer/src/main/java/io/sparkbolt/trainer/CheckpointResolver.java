package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.checkpoint.Checkpoint;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.checkpoint.CheckpointState;
import io.sparkbolt.trainer.loggers.LogDirectory;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.storage.Storage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code ckptPath} into a read and verified checkpoint: a path or Hadoop URI as given;
 * {@code best}: the best one a ModelCheckpoint recorded, in this Trainer or in the newest
 * checkpoint's saved state; {@code last}: the newest (highest global step, then latest written)
 * good checkpoint of this run in the directories the Trainer's {@link ModelCheckpoint}s write to.
 * For the default directory "this run" is the first file logger's version: the one its args
 * fix, else the newest version that holds checkpoints, never the highest step of some other run
 * in the same root. A newest checkpoint that fails verification gives way to the one before it
 * with a warning naming both; a copy an interrupted object-store write moved aside counts while
 * its original is missing; when checkpoints exist but none can be used, it fails with one line,
 * never starting afresh.
 */
final class CheckpointResolver {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(CheckpointResolver.class);
    private static final long UNKNOWN_STEP = -1;
    /** The newest checkpoint, or a fresh start when there is none. */
    static final String LAST = "last";
    /** The newest checkpoint, which must exist. */
    static final String LAST_REQUIRED = "last!";

    private final Trainer trainer;

    CheckpointResolver(Trainer trainer) {
        this.trainer = trainer;
    }

    /**
     * The checkpoint to load, or {@code null} for {@code last} when none exists yet: a first run
     * starts fresh, as Lightning does, and says so in a line of its own. {@code last!} is
     * {@code last} that must resume: without a checkpoint it fails with one line.
     */
    Checkpoint resolve(String ckptPath) {
        return switch (ckptPath) {
            case LAST, LAST_REQUIRED -> {
                Checkpoint latest = newestGood();
                if (latest == null && ckptPath.equals(LAST_REQUIRED)) {
                    throw new SparkboltException("ckptPath=" + LAST_REQUIRED + ": no checkpoint to resume under " + searchedDirs()
                            + " (ckptPath=last would start a fresh fit)");
                }
                if (latest == null) {
                    System.out.println("ckptPath=last: no checkpoint under " + searchedDirs() + " yet: starting a fresh fit");
                }
                yield latest;
            }
            case "best" -> CheckpointIO.read(best());
            default -> CheckpointIO.read(Storage.path(ckptPath));
        };
    }

    private Path best() {
        for (ModelCheckpoint callback : checkpointCallbacks()) {
            if (!callback.bestModelPath().isEmpty()) {
                return Storage.path(callback.bestModelPath());
            }
        }
        Checkpoint latest = newestGood();
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

    /**
     * The newest candidate that passes full verification. Candidates are ordered by the state each
     * one's first entry holds (read without the rest, so not yet verified); each is then read
     * whole and verified before it is chosen.
     */
    private Checkpoint newestGood() {
        List<Candidate> readable = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        for (Path dir : searchedDirs()) {
            for (Path file : candidateFiles(dir)) {
                try {
                    readable.add(new Candidate(file, CheckpointIO.readState(file)));
                } catch (SparkboltException e) {
                    rejected.add(new Rejected(file, e.getMessage(), UNKNOWN_STEP));
                }
            }
        }
        readable.sort(Comparator.comparingLong((Candidate c) -> c.state().globalStep())
                .thenComparingLong(c -> c.state().savedAt()).reversed());
        for (Candidate candidate : readable) {
            Checkpoint checkpoint;
            try {
                checkpoint = CheckpointIO.read(candidate.path());
            } catch (SparkboltException e) {
                rejected.add(new Rejected(candidate.path(), e.getMessage(), candidate.state().globalStep()));
                continue;
            }
            warnAboutNewerRejected(checkpoint, rejected);
            if (isMovedAside(checkpoint.path().getName())) {
                LOG.warn("ckptPath=last: {} is missing; restoring {}, the copy an interrupted write on an object store moved aside",
                        originalName(checkpoint.path().getName()), checkpoint.path());
            }
            return checkpoint;
        }
        if (!rejected.isEmpty()) {
            // never a silent fresh start while checkpoints exist
            throw new SparkboltException("ckptPath=last: no checkpoint under " + searchedDirs() + " can be read: "
                    + String.join("; ", rejected.stream().map(Rejected::describe).toList())
                    + "; give --ckptPath a checkpoint file, or remove these to start afresh");
        }
        return null;
    }

    /** Names every checkpoint that failed and was newer (by step, or by write time when even its state was unreadable). */
    private static void warnAboutNewerRejected(Checkpoint chosen, List<Rejected> rejected) {
        long chosenWritten = Storage.modificationTime(chosen.path());
        for (Rejected bad : rejected) {
            if (Storage.modificationTime(bad.path()) >= chosenWritten || bad.step() > chosen.state().globalStep()) {
                // The reason names the file: "checkpoint <path> is corrupt (...)".
                LOG.warn("ckptPath=last: a newer checkpoint cannot be used: {}; resuming from {}, the newest good one (step {})",
                        bad.reason(), chosen.path(), chosen.state().globalStep());
            }
        }
    }

    /** The {@code .ckpt} files in {@code dir}, and the copies an interrupted object-store write moved aside whose original is missing. */
    private static List<Path> candidateFiles(Path dir) {
        List<Path> files = new ArrayList<>();
        List<String> names = Storage.list(dir);
        for (String name : names) {
            boolean movedAside = isMovedAside(name);
            if (movedAside ? !names.contains(originalName(name)) : name.endsWith(".ckpt") && !name.startsWith(".")) {
                files.add(Storage.resolve(dir, name));
            }
        }
        return files;
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
                dirs.add(defaultDir());
            }
        }
        return dirs;
    }

    /**
     * This run's {@code <experiment>/version_N/checkpoints} for the first logger that writes files
     * (N fixed by its args, else the highest version holding checkpoints), else {@code <root>/checkpoints}.
     */
    private Path defaultDir() {
        for (Logger logger : trainer.getLoggers()) {
            if (logger.experimentDir() != null) {
                Path experiment = Storage.path(logger.experimentDir());
                Optional<Integer> fixed = logger.fixedVersion();
                if (fixed.isPresent()) {
                    return checkpointsOf(experiment, fixed.get());
                }
                for (int version : LogDirectory.versions(experiment)) {
                    if (!candidateFiles(checkpointsOf(experiment, version)).isEmpty()) {
                        return checkpointsOf(experiment, version);
                    }
                }
                return checkpointsOf(experiment, 0);
            }
        }
        return Storage.resolve(Storage.path(trainer.settings().output().defaultRootDir()), "checkpoints");
    }

    private static Path checkpointsOf(Path experiment, int version) {
        return Storage.resolve(LogDirectory.version(experiment, version), "checkpoints");
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

    private record Candidate(Path path, CheckpointState state) {
    }

    /** A checkpoint file that failed, why, and the step its state named ({@link #UNKNOWN_STEP} when even that was unreadable). */
    private record Rejected(Path path, String reason, long step) {
        String describe() {
            return path + " (" + reason + ")";
        }
    }
}

package io.sparkbolt.trainer.loggers;

import java.util.Map;

/**
 * Receives hyper-parameters and metrics on the driver, as Lightning's loggers do. Implementations
 * write where they like (files, a tracking server); {@link #save()} is called at the end of each
 * epoch and {@link #finish(String)} once at the end.
 */
public interface Logger {

    /**
     * Called by the Trainer before anything is logged: a logger that writes files and was given no
     * directory of its own writes under the Trainer's {@code defaultRootDir}. Default: nothing.
     */
    default void useDefaultRootDir(String root) {
    }

    /** The experiment name, e.g. {@code sparkbolt_logs}. */
    String name();

    /** The run's version, e.g. {@code version_3}'s number. */
    int version();

    /** The directory this logger writes into, or {@code null} when it writes no files. */
    String logDir();

    /** Records the hyper-parameters once, at the start of a fit. */
    void logHyperparams(Map<String, Object> hparams);

    /** Records the resolved run config (YAML text) once, at the start of a fit that has one. Default: nothing. */
    default void logConfig(String yaml) {
    }

    /** Records the metrics of one step (or the end of an epoch), with the step they belong to. */
    void logMetrics(Map<String, Double> metrics, long step);

    /**
     * The directory holding this logger's versions ({@code <root>/<name>}), where an earlier run's
     * checkpoints can be found; {@code null} when it writes no files.
     */
    default String experimentDir() {
        return null;
    }

    /**
     * The version this logger was told to write ({@code version: N} in its args), whose checkpoints
     * {@code --ckptPath last} resumes; empty when it takes the next free one. Default: empty.
     */
    default java.util.Optional<Integer> fixedVersion() {
        return java.util.Optional.empty();
    }

    /** What a checkpoint keeps about this logger beyond its name, version and directory. Default: nothing. */
    default Map<String, Object> state() {
        return Map.of();
    }

    /**
     * Before anything is logged, continues the run a checkpoint was taken in: a logger whose
     * version was not fixed takes the saved version (same experiment directory only), keeping
     * what it had logged up to the checkpoint. {@code saved} holds {@code version}, {@code logDir}
     * and {@link #state()}'s entries. Default: nothing (a new version).
     */
    default void resume(Map<String, Object> saved) {
    }

    /**
     * After a {@code ModelCheckpoint} saved: the newest checkpoint it wrote and the best one so far
     * (empty when it monitors nothing), as Lightning's {@code after_save_checkpoint}; what a
     * tracking logger uploads as the run's model. Default: nothing.
     */
    default void afterSaveCheckpoint(String latestPath, String bestPath) {
    }

    /** Flushes what has been logged so far. */
    default void save() {
    }

    /** Flushes and closes; {@code status} is {@code success}, {@code failed} or {@code interrupted}. */
    default void finish(String status) {
        save();
    }
}

package io.sparkbolt.trainer.loggers;

import java.util.Map;

/**
 * Receives hyper-parameters and metrics on the driver, as Lightning's loggers do. Implementations
 * write where they like (files, a tracking server); {@link #save()} is called at the end of each
 * epoch and {@link #finish(String)} once at the end.
 */
public interface Logger {

    /** The experiment name, e.g. {@code sparkbolt_logs}. */
    String name();

    /** The run's version, e.g. {@code version_3}'s number. */
    int version();

    /** The directory this logger writes into, or {@code null} when it writes no files. */
    String logDir();

    /** Records the hyper-parameters (and the resolved config) once, at the start. */
    void logHyperparams(Map<String, Object> hparams);

    /** Records the metrics of one step (or the end of an epoch), with the step they belong to. */
    void logMetrics(Map<String, Double> metrics, long step);

    /** Flushes what has been logged so far. */
    default void save() {
    }

    /** Flushes and closes; {@code status} is {@code success}, {@code failed} or {@code interrupted}. */
    default void finish(String status) {
        save();
    }
}

package io.sparkbolt.trainer.metrics;

import io.sparkbolt.trainer.loggers.Logger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The driver's view of what was logged, as Lightning keeps it: {@link #callbackMetrics()} (the
 * latest value of everything, what callbacks monitor), {@link #progressBarMetrics()} and
 * {@link #loggedMetrics()} (what went to the loggers). The loops own the accumulators of their
 * epochs and publish them here.
 */
public final class TrainerMetrics {
    private final Map<String, Double> callbackMetrics = new LinkedHashMap<>();
    private final Map<String, Double> progressBarMetrics = new LinkedHashMap<>();
    private final Map<String, Double> loggedMetrics = new LinkedHashMap<>();
    private final List<Logger> loggers;

    public TrainerMetrics(List<Logger> loggers) {
        this.loggers = loggers;
    }

    /** Publishes a round's per-step values, and sends them to the loggers when {@code logNow}. */
    public void publishStep(MetricCollector round, long step, int epochIndex, boolean logNow) {
        // Rows a long round kept at its logging steps before its last step; the last step's row is the round's own.
        round.loggedStepValues().headMap(step).forEach((at, values) -> sendToLoggers(values, round, at, epochIndex));
        Map<String, Double> stepValues = round.stepValues();
        publish(stepValues, round);
        if (logNow) {
            sendToLoggers(stepValues, round, step, epochIndex);
        }
    }

    /** Reduces an epoch's accumulators, publishes them and (when {@code log}) logs them; returns the values. */
    public Map<String, Double> publishEpoch(MetricCollector epoch, long step, int epochIndex, boolean log) {
        Map<String, Double> values = epoch.epochValues();
        publish(values, epoch);
        if (log) {
            sendToLoggers(values, epoch, step, epochIndex);
        }
        return values;
    }

    private void publish(Map<String, Double> values, MetricCollector flags) {
        callbackMetrics.putAll(values);
        values.forEach((name, value) -> {
            if (flags.isProgressBar(name)) {
                progressBarMetrics.put(name, value);
            }
        });
    }

    private void sendToLoggers(Map<String, Double> values, MetricCollector flags, long step, int epochIndex) {
        Map<String, Double> row = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (flags.isForLoggers(name)) {
                row.put(name, value);
            }
        });
        if (!row.isEmpty()) {
            send(row, step, epochIndex);
        }
    }

    /** Records {@code row} as logged and hands it, with its epoch, to every logger. */
    private void send(Map<String, Double> row, long step, int epochIndex) {
        loggedMetrics.putAll(row);
        Map<String, Double> withEpoch = new LinkedHashMap<>(row);
        withEpoch.put("epoch", (double) epochIndex);
        for (Logger logger : loggers) {
            logger.logMetrics(withEpoch, step);
        }
    }

    /**
     * Values a callback logs directly (a learning-rate monitor): published to callbacks and sent to
     * every logger at {@code step}, as Lightning's {@code trainer.logger.log_metrics}.
     */
    public void logDirect(Map<String, Double> values, long step, int epochIndex) {
        callbackMetrics.putAll(values);
        send(values, step, epochIndex);
    }

    /** Puts back the monitored values a checkpoint saved, so callbacks see what they saw before the restore. */
    public void restore(Map<String, Double> saved) {
        callbackMetrics.putAll(saved);
    }

    /** Forgets what a sanity check or an earlier entry point published. */
    public void clearPublished() {
        callbackMetrics.clear();
        progressBarMetrics.clear();
    }

    public Map<String, Double> callbackMetrics() {
        return Collections.unmodifiableMap(callbackMetrics);
    }

    public Map<String, Double> progressBarMetrics() {
        return Collections.unmodifiableMap(progressBarMetrics);
    }

    public Map<String, Double> loggedMetrics() {
        return Collections.unmodifiableMap(loggedMetrics);
    }

    public List<Logger> loggers() {
        return loggers;
    }
}

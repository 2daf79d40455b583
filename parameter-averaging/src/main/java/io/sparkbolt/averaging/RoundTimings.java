package io.sparkbolt.averaging;

import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.metrics.MetricCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where each training round's time went: broadcasting (and scheduling) the model, computing on the
 * workers (the slowest one), aggregating the results back, and averaging on the driver; and how
 * many workers trained in it.
 */
public final class RoundTimings {
    /** Per step, never reduced over the epoch: each round's own numbers. */
    private static final LogOptions PER_ROUND = LogOptions.defaults().onStep(true).onEpoch(false);

    private final List<Round> rounds = Collections.synchronizedList(new ArrayList<>());

    /** One round's seconds. */
    public record Round(double broadcastSeconds, double computeSeconds, double aggregateSeconds, double driverSeconds) {

        /** Wall time of the round. */
        public double totalSeconds() {
            return broadcastSeconds + computeSeconds + aggregateSeconds + driverSeconds;
        }

        /** What the round cost beyond the computing. */
        public double overheadSeconds() {
            return totalSeconds() - computeSeconds;
        }

        /** Logs the breakdown as step metrics ({@code round_broadcast_s}, ...). */
        void logInto(MetricCollector metrics) {
            metrics.log("round_broadcast_s", broadcastSeconds, 1, PER_ROUND, Split.TRAIN);
            metrics.log("round_compute_s", computeSeconds, 1, PER_ROUND, Split.TRAIN);
            metrics.log("round_aggregate_s", aggregateSeconds, 1, PER_ROUND, Split.TRAIN);
            metrics.log("round_driver_s", driverSeconds, 1, PER_ROUND, Split.TRAIN);
        }
    }

    /** Logs {@code round_workers}: the workers that trained on rows in the round (fewer than numWorkers: some idled). */
    static void logWorkers(MetricCollector metrics, int workersTrained) {
        metrics.log("round_workers", workersTrained, 1, PER_ROUND, Split.TRAIN);
    }

    void add(Round round) {
        rounds.add(round);
    }

    /** Every training round so far, in order. */
    public List<Round> rounds() {
        synchronized (rounds) {
            return List.copyOf(rounds);
        }
    }
}

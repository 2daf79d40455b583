package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.api.Split;
import java.util.Map;

/** Runs validation within a fit (or as its sanity check) when there is validation data to run. */
final class ValidationRunner {
    private final RunContext run;

    ValidationRunner(RunContext run) {
        this.run = run;
    }

    /** Whether the data module has a validation split and the limit lets some of it run. */
    boolean enabled() {
        return run.strategy().batchesPerEpoch(Split.VAL) != 0 && !run.settings().limits().val().isZero();
    }

    /** Validates the current model; returns the reduced metrics (empty when validation is off). */
    Map<String, Double> runIfEnabled() {
        if (!enabled()) {
            return Map.of();
        }
        return new EvaluationLoop(run, Split.VAL, run.settings().limits().val(), "limitValBatches", false).run();
    }
}

package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.api.Split;
import java.util.List;
import java.util.Map;
import io.sparkbolt.trainer.strategy.Prediction;

/** The entry points other than fit: validate, test and predict over a whole split. */
public final class Evaluations {
    private Evaluations() {
    }

    /** Validates once over the validation split (up to {@code limitValBatches}). */
    public static Map<String, Double> validate(RunContext run) {
        return new EvaluationLoop(run, Split.VAL, run.settings().limits().val(), "limitValBatches", false).run();
    }

    /** Tests once over the test split (up to {@code limitTestBatches}). */
    public static Map<String, Double> test(RunContext run) {
        return new EvaluationLoop(run, Split.TEST, run.settings().limits().test(), "limitTestBatches", false).run();
    }

    /** Predicts over the predict split (up to {@code limitPredictBatches}), in the input's order. */
    public static List<Prediction> predict(RunContext run) {
        long total = run.strategy().batchesPerEpoch(Split.PREDICT);
        return new PredictionLoop(run, run.settings().limits().predict().resolve(total, "limitPredictBatches")).run();
    }
}

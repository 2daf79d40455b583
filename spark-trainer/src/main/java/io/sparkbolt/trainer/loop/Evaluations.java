package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.predict.PredictionJob;
import io.sparkbolt.trainer.predict.PredictionOutput;
import io.sparkbolt.trainer.predict.PredictionSummary;
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
        return new PredictionLoop(run, predictBatches(run), null).run();
    }

    /**
     * Predicts over the predict split and writes the outputs to {@code output} from where they are
     * computed (the executors, for a Spark strategy), through a Hadoop output committer: all of it
     * committed, or nothing left behind.
     */
    public static PredictionSummary predictTo(RunContext run, PredictionOutput output) {
        PredictionJob job = PredictionJob.start(output);
        try {
            PredictionLoop loop = new PredictionLoop(run, predictBatches(run), job.target());
            loop.run();
            return job.commit(loop.rows());
        } catch (RuntimeException | Error e) {
            job.abort();
            throw e;
        }
    }

    private static long predictBatches(RunContext run) {
        long total = run.strategy().batchesPerEpoch(Split.PREDICT);
        return run.settings().limits().predict().resolve(total, "limitPredictBatches");
    }
}

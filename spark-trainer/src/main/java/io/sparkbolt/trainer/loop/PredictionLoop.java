package io.sparkbolt.trainer.loop;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.Hook;
import io.sparkbolt.trainer.predict.PredictionTarget;
import io.sparkbolt.trainer.strategy.Prediction;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prediction: rounds of predict steps over the predict split; the outputs come back in the input's
 * order (by shard, then batch within the shard), whichever worker computed them. Given a prediction
 * job to write into, one round reads every worker's whole split and writes the outputs where they
 * are computed: only row counts come back, and a shard's part is written by one task from start
 * to end.
 */
final class PredictionLoop extends Loop<List<Prediction>> {
    private final RunContext run;
    private final long maxBatches;
    private final PredictionTarget writeTo;
    private final List<Prediction> outputs = new ArrayList<>();
    private long batchIdx;
    private long rows;
    private boolean exhausted;

    PredictionLoop(RunContext run, long maxBatches, PredictionTarget writeTo) {
        this.run = run;
        this.maxBatches = maxBatches;
        this.writeTo = writeTo;
    }

    @Override
    protected void onRunStart() {
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        run.driverContext().setSplit(Split.PREDICT);
        run.hooks().call(Hook.ON_PREDICT_START, c -> c.onPredictStart(trainer, module), m -> m.onPredictStart());
        run.hooks().callbacks(Hook.ON_PREDICT_EPOCH_START, c -> c.onPredictEpochStart(trainer, module));
    }

    @Override
    protected boolean done() {
        return exhausted || (maxBatches >= 0 && batchIdx >= maxBatches);
    }

    @Override
    protected void advance() {
        int batches = writeTo != null ? Integer.MAX_VALUE : run.strategy().evalBatchesPerRound();
        if (maxBatches >= 0) {
            batches = (int) Math.min(batches, maxBatches - batchIdx);
        }
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        int first = (int) batchIdx;
        run.hooks().callbacks(Hook.ON_PREDICT_BATCH_START, c -> c.onPredictBatchStart(trainer, module, first));
        RoundResult result = run.runRound(new Round(Split.PREDICT, 0, batchIdx, batches, maxBatches,
                run.progress().globalStep(), false, writeTo));
        outputs.addAll(result.predictions());
        rows += result.examples();
        batchIdx += result.batches();
        exhausted = result.exhausted() || result.batches() == 0;
        int last = (int) batchIdx - 1;
        run.hooks().callbacks(Hook.ON_PREDICT_BATCH_END, c -> c.onPredictBatchEnd(trainer, module, last));
    }

    /** Examples predicted so far. */
    long rows() {
        return rows;
    }

    @Override
    protected List<Prediction> onRunEnd() {
        Trainer trainer = run.trainer();
        LightningModule module = run.module();
        run.hooks().callbacks(Hook.ON_PREDICT_EPOCH_END, c -> c.onPredictEpochEnd(trainer, module));
        run.hooks().call(Hook.ON_PREDICT_END, c -> c.onPredictEnd(trainer, module), m -> m.onPredictEnd());
        outputs.sort(Comparator.comparingInt(Prediction::shard)); // stable: a shard's batches stay in order
        return outputs;
    }
}

package io.sparkbolt.trainer.replica;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.ModuleContext;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Hook;
import io.sparkbolt.trainer.callbacks.HookDispatcher;
import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.predict.PredictionTask;
import io.sparkbolt.trainer.strategy.Prediction;
import io.sparkbolt.trainer.strategy.Round;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One worker's copy of the model: the module, its network and the optimiser step. It runs the
 * steps of a {@link Round} over the batches it is given, on the driver JVM (local strategy) or in
 * a Spark task, and reports what the module logged.
 */
public final class ModelReplica implements ModuleContext {
    private final LightningModule module;
    private final Network network;
    private final OptimizerStep optimizer;
    private final Optional<DataShape> shape;
    private final HookDispatcher hooks;
    private Split split = Split.TRAIN;
    private int epoch;
    private long globalStep;
    private int batchSize = 1;
    private MetricCollector collector;
    private ModuleContext outerContext;

    /**
     * @param accumulateGradBatches batches whose gradients make one optimiser step
     * @param clipping              gradient clipping before each step
     */
    public ModelReplica(LightningModule module, Network network, int accumulateGradBatches,
                        GradientClipping clipping, Optional<DataShape> shape) {
        this.module = module;
        this.network = network;
        this.optimizer = new OptimizerStep(network, accumulateGradBatches, clipping);
        this.shape = shape;
        this.hooks = new HookDispatcher(List.of(), module);
    }

    /** Runs the training steps of {@code round} on the next batches of {@code batches}. */
    public RoundResult train(Iterator<Batch> batches, Round round) {
        begin(round);
        try {
            network.setEpoch(epoch);
            int done = 0;
            int steps = 0;
            long examples = 0;
            double lossSum = 0;
            int lossCount = 0;
            long batchIdx = round.firstBatch();
            while (done < round.numBatches() && batches.hasNext()) {
                Batch batch = batches.next();
                int idx = (int) batchIdx;
                StepOutput out = trainingStep(batch, idx);
                if (out != null) {
                    lossSum += out.loss();
                    lossCount++;
                }
                done++;
                batchIdx++;
                examples += batch.size();
                boolean epochEnds = endOfEpoch(round, batchIdx, batches);
                if (optimizer.ready() || (epochEnds && optimizer.hasPending())) {
                    hooks.module(Hook.ON_BEFORE_OPTIMIZER_STEP, m -> m.onBeforeOptimizerStep());
                    optimizer.step((int) globalStep, epoch);
                    globalStep++;
                    steps++;
                }
                hooks.module(Hook.ON_TRAIN_BATCH_END, m -> m.onTrainBatchEnd(out, batch, idx));
            }
            return new RoundResult(done, steps, examples, lossSum, lossCount, collector, List.of(),
                    endOfEpoch(round, batchIdx, batches));
        } finally {
            end();
        }
    }

    /**
     * Runs the training steps of {@code round} in lockstep with the other workers: every optimiser
     * step sums the workers' gradients through {@code reducer} and applies the same update, so the
     * replicas stay identical without exchanging parameters. Each worker makes the same number of
     * steps (the round's batches over {@code accumulateGradBatches}); one whose batches ran out
     * contributes nothing to the remaining steps, and the round ends early when no worker had a
     * batch for a step. Every {@code logEveryNSteps} steps the step's logged values are kept as the
     * loggers' row for that step, so a long round logs as rounds of one step would.
     */
    public RoundResult trainInLockstep(Iterator<Batch> batches, Round round, GradientReducer reducer, int logEveryNSteps) {
        begin(round);
        try {
            network.setEpoch(epoch);
            int done = 0;
            int steps = 0;
            long examples = 0;
            double lossSum = 0;
            int lossCount = 0;
            long batchIdx = round.firstBatch();
            long end = round.firstBatch() + round.numBatches();
            boolean anyLeft = true;
            while (batchIdx < end && anyLeft) {
                collector.startStep(); // each step's values alone, as a round of one step has them
                long stepEnd = Math.min(end, batchIdx + optimizer.accumulate());
                Runnable lastBatchEnd = () -> { };
                for (; batchIdx < stepEnd && batches.hasNext(); batchIdx++) {
                    lastBatchEnd.run(); // the previous batch of the group ends before the next starts; the last ends after the step
                    Batch batch = batches.next();
                    int idx = (int) batchIdx;
                    StepOutput out = trainingStep(batch, idx);
                    if (out != null) {
                        lossSum += out.loss();
                        lossCount++;
                    }
                    done++;
                    examples += batch.size();
                    lastBatchEnd = () -> hooks.module(Hook.ON_TRAIN_BATCH_END, m -> m.onTrainBatchEnd(out, batch, idx));
                }
                batchIdx = stepEnd; // a worker whose batches ran out keeps counting with the others
                hooks.module(Hook.ON_BEFORE_OPTIMIZER_STEP, m -> m.onBeforeOptimizerStep());
                anyLeft = optimizer.stepAcrossWorkers((int) globalStep, epoch, reducer) > 0;
                if (anyLeft) {
                    globalStep++;
                    steps++;
                }
                lastBatchEnd.run(); // as in Lightning: on_train_batch_end after the optimiser step
                if (anyLeft && globalStep % logEveryNSteps == 0) {
                    collector.keepStepForLoggers(globalStep);
                }
            }
            return new RoundResult(done, steps, examples, lossSum, lossCount, collector, List.of(),
                    !anyLeft || endOfEpoch(round, round.firstBatch() + done, batches));
        } finally {
            end();
        }
    }

    /** Runs validation or test steps of {@code round}. */
    public RoundResult evaluate(Iterator<Batch> batches, Round round) {
        begin(round);
        try {
            int done = 0;
            long examples = 0;
            long batchIdx = round.firstBatch();
            while (done < round.numBatches() && batches.hasNext()) {
                Batch batch = batches.next();
                batchSize = batch.size();
                if (split == Split.TEST) {
                    module.testStep(batch, (int) batchIdx);
                } else {
                    module.validationStep(batch, (int) batchIdx);
                }
                done++;
                batchIdx++;
                examples += batch.size();
            }
            return new RoundResult(done, 0, examples, 0, 0, collector, List.of(), endOfEpoch(round, batchIdx, batches));
        } finally {
            end();
        }
    }

    /**
     * Runs the predict steps of {@code round}: their outputs are written to {@code sink} when one is
     * given (a prediction job's task), kept in the result otherwise.
     */
    public RoundResult predict(Iterator<Batch> batches, Round round, PredictionTask sink) {
        begin(round);
        try {
            List<Prediction> outputs = new ArrayList<>();
            int done = 0;
            long examples = 0;
            long batchIdx = round.firstBatch();
            while (done < round.numBatches() && batches.hasNext()) {
                Batch batch = batches.next();
                batchSize = batch.size();
                // Batches never span shards, so the stream's current shard is this batch's.
                int shard = batches instanceof ShardBatches stream ? stream.currentShardIndex() : 0;
                INDArray output = module.predictStep(batch, (int) batchIdx);
                if (sink != null) {
                    sink.write(shard, output, batch.ids().orElse(null));
                } else {
                    outputs.add(new Prediction(shard, output));
                }
                done++;
                batchIdx++;
                examples += batch.size();
            }
            return new RoundResult(done, 0, examples, 0, 0, collector, outputs, endOfEpoch(round, batchIdx, batches));
        } finally {
            end();
        }
    }

    /** The module's training step on one batch, between its batch-start hook and the gradient's accumulation. */
    private StepOutput trainingStep(Batch batch, int idx) {
        batchSize = batch.size();
        hooks.module(Hook.ON_TRAIN_BATCH_START, m -> m.onTrainBatchStart(batch, idx));
        StepOutput out = module.trainingStep(batch, idx);
        if (out != null) {
            requireFinite(out.loss(), idx);
            optimizer.add(out.examples());
        }
        return out;
    }

    private static boolean endOfEpoch(Round round, long nextBatch, Iterator<Batch> batches) {
        return (round.epochBatches() >= 0 && nextBatch >= round.epochBatches()) || !batches.hasNext();
    }

    private void requireFinite(double loss, int batchIdx) {
        if (!Double.isFinite(loss)) {
            throw new SparkboltException("training loss is " + loss + " at epoch " + epoch + ", batch " + batchIdx
                    + " (global step " + globalStep + "): lower the learning rate, clip gradients or check the data");
        }
    }

    private void begin(Round round) {
        split = round.split();
        epoch = round.epoch();
        globalStep = round.globalStep();
        collector = new MetricCollector();
        outerContext = module.attach(this);
    }

    /** Gives the module back to whoever ran it before the round (the driver, for the local strategy). */
    private void end() {
        batchSize = 1;
        module.attach(outerContext);
        outerContext = null;
    }

    /** The network this replica trains. */
    @Override
    public Network network() {
        return network;
    }

    /** The module this replica runs. */
    public LightningModule module() {
        return module;
    }

    @Override
    public Split split() {
        return split;
    }

    @Override
    public int currentEpoch() {
        return epoch;
    }

    @Override
    public long globalStep() {
        return globalStep;
    }

    @Override
    public int currentBatchSize() {
        return batchSize;
    }

    @Override
    public void log(String name, double value, LogOptions options) {
        collector.log(name, value, batchSize, options, split);
    }

    @Override
    public Optional<DataShape> dataShape() {
        return shape;
    }
}

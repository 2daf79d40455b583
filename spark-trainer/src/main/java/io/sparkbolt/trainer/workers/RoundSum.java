package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.metrics.MetricCollector;
import io.sparkbolt.trainer.strategy.Prediction;
import io.sparkbolt.trainer.strategy.RoundResult;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A round's results summed over a contiguous range of workers, {@code [firstWorker, lastWorker]}:
 * the model arrays as sums of examples x values in double (a lone worker's arrays stay as it
 * packed them until a sum needs them), the counts, losses, metrics and predictions merged. Sums are
 * only ever taken over partials in worker order ({@link #inOrder}), along a tree that depends on
 * the number of workers alone ({@link RoundReduction}), so the result never depends on which task
 * finished first.
 */
public final class RoundSum implements Serializable {
    private final int firstWorker;
    private final int lastWorker;
    private final WorkerResult single;
    private DataType valueType;
    private double[] paramSum;
    private double[] updaterSum;
    private PackedArray paramMean;
    private PackedArray updaterMean;
    private long examples;
    private int batches;
    private int steps;
    private double lossSum;
    private int lossCount;
    private boolean exhausted = true;
    private long maxComputeNanos;
    private int workersTrained;
    private final MetricCollector metrics = new MetricCollector();
    private final List<Prediction> predictions = new ArrayList<>();

    private RoundSum(int firstWorker, int lastWorker, WorkerResult single) {
        this.firstWorker = firstWorker;
        this.lastWorker = lastWorker;
        this.single = single;
    }

    /** One worker's result, as it came. */
    static RoundSum of(WorkerResult result) {
        RoundSum sum = new RoundSum(result.worker(), result.worker(), result);
        sum.valueType = result.params() != null ? result.params().type() : null;
        sum.count(result.examples(), result.batches(), result.steps(), result.lossSum(), result.lossCount(), result.exhausted(),
                result.computeNanos());
        sum.workersTrained = result.examples() > 0 ? 1 : 0;
        sum.metrics.merge(result.metrics());
        if (result.predictions() != null) {
            sum.predictions.addAll(result.predictions());
        }
        return sum;
    }

    /** The sum of {@code parts}, which cover adjacent workers and come sorted by their first worker. */
    static RoundSum inOrder(List<RoundSum> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        RoundSum sum = new RoundSum(parts.get(0).firstWorker, parts.get(parts.size() - 1).lastWorker, null);
        for (RoundSum part : parts) {
            sum.valueType = sum.valueType != null ? sum.valueType : part.valueType;
            sum.paramSum = add(sum.paramSum, part.paramSum(), part);
            sum.updaterSum = add(sum.updaterSum, part.updaterSum(), part);
            sum.count(part.examples, part.batches, part.steps, part.lossSum, part.lossCount, part.exhausted, part.maxComputeNanos);
            sum.workersTrained += part.workersTrained;
            sum.metrics.merge(part.metrics);
            sum.predictions.addAll(part.predictions);
        }
        return sum;
    }

    private void count(long moreExamples, int moreBatches, int moreSteps, double moreLoss, int moreLossCount, boolean partExhausted,
                       long computeNanos) {
        examples += moreExamples;
        batches = Math.max(batches, moreBatches); // counts per worker: the most any worker reached
        steps = Math.max(steps, moreSteps);
        lossSum += moreLoss;
        lossCount += moreLossCount;
        exhausted &= partExhausted;
        maxComputeNanos = Math.max(maxComputeNanos, computeNanos);
    }

    /** {@code into + part} element-wise ({@code into} reused; {@code null} when neither has values). */
    private static double[] add(double[] into, double[] part, RoundSum owner) {
        if (part == null) {
            return into;
        }
        if (into == null) {
            return part; // a partial is summed into exactly one other: its arrays can be reused
        }
        if (into.length != part.length) {
            throw new IllegalStateException("workers " + owner.firstWorker + ".." + owner.lastWorker + " sent " + part.length
                    + " values to add to " + into.length);
        }
        for (int i = 0; i < into.length; i++) {
            into[i] += part[i];
        }
        return into;
    }

    private double[] paramSum() {
        return single != null ? weighted(single.params()) : paramSum;
    }

    private double[] updaterSum() {
        return single != null ? weighted(single.updater()) : updaterSum;
    }

    /** A lone worker's packed values times its examples, in double (exact for every count a round reaches). */
    private double[] weighted(PackedArray values) {
        if (values == null || single.examples() == 0 || values.length() == 0) {
            return null;
        }
        double[] out = new double[values.length()];
        values.addWeighted(out, single.examples(), true);
        return out;
    }

    /**
     * Replaces the sums by the example-weighted mean, rounded once into the values' type: done by
     * the executor that computes the last sum, so the driver receives the mean (half the bytes of
     * a sum in double) and only copies it. The same division and rounding as on the driver, so the
     * same bits.
     */
    RoundSum divided() {
        if (single != null || examples == 0 || valueType == null) {
            return this;
        }
        paramMean = mean(paramSum);
        updaterMean = mean(updaterSum);
        paramSum = null;
        updaterSum = null;
        return this;
    }

    private PackedArray mean(double[] sum) {
        if (sum == null) {
            return null;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= examples;
        }
        return PackedArray.rounded(valueType, sum);
    }

    /**
     * Sets the network's parameters (and updater state, when given) to the example-weighted mean: the sums divided by the examples, each value
     * rounded once into the network's type. Untouched when no worker trained. A lone worker's
     * model comes through bit for bit (copied as it was packed).
     */
    public void averageInto(INDArray params, INDArray updaterState) {
        if (examples == 0) {
            return;
        }
        assignMean(params, single != null ? single.params() : paramMean, paramSum);
        if (updaterState != null) {
            assignMean(updaterState, single != null ? single.updater() : updaterMean, updaterSum);
        }
    }

    private void assignMean(INDArray target, PackedArray mean, double[] sum) {
        if (target.length() == 0) {
            return;
        }
        if (mean != null) {
            mean.copyInto(target); // divided on an executor, or one worker: its values are the mean
            return;
        }
        if (sum == null) {
            return;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= examples;
        }
        PackedArray.assignRounded(target, sum);
    }

    int firstWorker() {
        return firstWorker;
    }

    /** The workers' logged metrics, merged in worker order. */
    public MetricCollector metrics() {
        return metrics;
    }

    /** The slowest worker's compute time. */
    public long maxComputeNanos() {
        return maxComputeNanos;
    }

    /** How many workers trained on at least one example in the round. */
    public int workersTrained() {
        return workersTrained;
    }

    /** The counts, losses, metrics and outputs, as the loops take a round. */
    public RoundResult toRoundResult() {
        return new RoundResult(batches, steps, examples, lossSum, lossCount, metrics, predictions, exhausted);
    }
}

package io.sparkbolt.trainer.metrics;

import io.sparkbolt.trainer.api.Reduction;
import io.sparkbolt.trainer.checkpoint.StateValues;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running reduction of one metric: mergeable, so values logged on many batches and many
 * executors combine into the same number in any order of merging.
 */
public final class MetricAccumulator implements Serializable {
    private final Reduction reduction;
    private double weightedSum;
    private double weight;
    private double sum;
    private double max = Double.NEGATIVE_INFINITY;
    private double min = Double.POSITIVE_INFINITY;

    public MetricAccumulator(Reduction reduction) {
        this.reduction = reduction;
    }

    /** Adds one logged value, weighted by the batch size it was logged with. */
    public void add(double value, double valueWeight) {
        weightedSum += value * valueWeight;
        weight += valueWeight;
        sum += value;
        max = Math.max(max, value);
        min = Math.min(min, value);
    }

    /** Folds {@code other}, logged with the same reduction, into this one. */
    public void merge(MetricAccumulator other) {
        if (other.reduction != reduction) {
            throw new IllegalArgumentException("cannot merge a " + other.reduction + " metric into a " + reduction + " one");
        }
        weightedSum += other.weightedSum;
        weight += other.weight;
        sum += other.sum;
        max = Math.max(max, other.max);
        min = Math.min(min, other.min);
    }

    public Reduction reduction() {
        return reduction;
    }

    /** The reduced value. */
    public double value() {
        return switch (reduction) {
            case MEAN -> weight == 0 ? Double.NaN : weightedSum / weight;
            case SUM -> sum;
            case MAX -> max;
            case MIN -> min;
        };
    }

    /** A copy that can be merged into without touching this one. */
    public MetricAccumulator copy() {
        MetricAccumulator copy = new MetricAccumulator(reduction);
        copy.merge(this);
        return copy;
    }

    /** The running sums as plain values, for a checkpoint: restoring them continues the reduction exactly. */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("reduction", reduction.name());
        state.put("weightedSum", StateValues.encode(weightedSum));
        state.put("weight", StateValues.encode(weight));
        state.put("sum", StateValues.encode(sum));
        state.put("max", StateValues.encode(max));
        state.put("min", StateValues.encode(min));
        return state;
    }

    /** The accumulator {@link #state()} described. */
    public static MetricAccumulator fromState(Map<?, ?> state) {
        MetricAccumulator accumulator = new MetricAccumulator(Reduction.valueOf((String) state.get("reduction")));
        accumulator.weightedSum = StateValues.decode(state.get("weightedSum"));
        accumulator.weight = StateValues.decode(state.get("weight"));
        accumulator.sum = StateValues.decode(state.get("sum"));
        accumulator.max = StateValues.decode(state.get("max"));
        accumulator.min = StateValues.decode(state.get("min"));
        return accumulator;
    }
}

package io.sparkbolt.trainer.metrics;

import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.Split;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * What {@code log(...)} calls record during one round (on a worker) or one epoch (on the driver):
 * per-step values and per-epoch accumulators, under Lightning's names ({@code x}, or
 * {@code x_step} and {@code x_epoch} when logged both ways). Collectors merge, so the driver
 * combines the rounds of all workers.
 */
public final class MetricCollector implements Serializable {
    private final Map<String, MetricAccumulator> step = new LinkedHashMap<>();
    private final Map<String, MetricAccumulator> epoch = new LinkedHashMap<>();
    private final Set<String> progressBar = new HashSet<>();
    private final Set<String> hiddenFromLoggers = new HashSet<>();
    /** Rows for the loggers kept inside a long round: the per-step accumulators as they stood after each such step. */
    private final TreeMap<Long, Map<String, MetricAccumulator>> loggedSteps = new TreeMap<>();

    /** Records one logged value; {@code weight} is the batch size it belongs to. */
    public void log(String name, double value, double weight, LogOptions options, Split split) {
        boolean onStep = options.onStepFor(split);
        boolean onEpoch = options.onEpochFor(split);
        if (onStep) {
            add(step, onEpoch ? name + "_step" : name, value, weight, options);
        }
        if (onEpoch) {
            add(epoch, onStep ? name + "_epoch" : name, value, weight, options);
        }
    }

    private void add(Map<String, MetricAccumulator> into, String name, double value, double weight, LogOptions options) {
        MetricAccumulator accumulator = into.computeIfAbsent(name, k -> new MetricAccumulator(options.reduction()));
        if (accumulator.reduction() != options.reduction()) {
            throw new IllegalArgumentException("metric '" + name + "' was logged with reduce=" + accumulator.reduction()
                    + " and then reduce=" + options.reduction());
        }
        accumulator.add(value, weight);
        if (options.isProgBar()) {
            progressBar.add(name);
        }
        if (!options.isLogger()) {
            hiddenFromLoggers.add(name);
        }
    }

    /** Starts a new optimiser step: the per-step values from here on are this step's alone. */
    public void startStep() {
        step.clear();
    }

    /**
     * Keeps the per-step values as they stand, as the loggers' row for optimiser step {@code
     * globalStep}: how a round of many steps logs every {@code logEveryNSteps} steps as a round of
     * one step would.
     */
    public void keepStepForLoggers(long globalStep) {
        Map<String, MetricAccumulator> row = new LinkedHashMap<>();
        mergeInto(row, step);
        loggedSteps.put(globalStep, row);
    }

    /** Whether rows were kept by {@link #keepStepForLoggers} (a long round's logging steps). */
    public boolean hasStepsForLoggers() {
        return !loggedSteps.isEmpty();
    }

    /** The rows kept by {@link #keepStepForLoggers}, reduced, by step (merged across workers). */
    public SortedMap<Long, Map<String, Double>> loggedStepValues() {
        SortedMap<Long, Map<String, Double>> rows = new TreeMap<>();
        loggedSteps.forEach((at, row) -> rows.put(at, values(row)));
        return rows;
    }

    /** Folds another collector (another batch, round or worker) into this one. */
    public void merge(MetricCollector other) {
        mergeInto(step, other.step);
        mergeInto(epoch, other.epoch);
        other.loggedSteps.forEach((at, row) -> mergeInto(loggedSteps.computeIfAbsent(at, k -> new LinkedHashMap<>()), row));
        progressBar.addAll(other.progressBar);
        hiddenFromLoggers.addAll(other.hiddenFromLoggers);
    }

    /** Folds only the per-epoch accumulators of {@code other} into this one. */
    public void mergeEpoch(MetricCollector other) {
        mergeInto(epoch, other.epoch);
        progressBar.addAll(other.progressBar);
        hiddenFromLoggers.addAll(other.hiddenFromLoggers);
    }

    private static void mergeInto(Map<String, MetricAccumulator> into, Map<String, MetricAccumulator> from) {
        for (Map.Entry<String, MetricAccumulator> entry : from.entrySet()) {
            MetricAccumulator mine = into.get(entry.getKey());
            if (mine == null) {
                into.put(entry.getKey(), entry.getValue().copy());
            } else {
                mine.merge(entry.getValue());
            }
        }
    }

    /** The reduced per-step values. */
    public Map<String, Double> stepValues() {
        return values(step);
    }

    /** The reduced per-epoch values. */
    public Map<String, Double> epochValues() {
        return values(epoch);
    }

    private static Map<String, Double> values(Map<String, MetricAccumulator> from) {
        Map<String, Double> out = new LinkedHashMap<>();
        from.forEach((name, accumulator) -> out.put(name, accumulator.value()));
        return out;
    }

    /** Whether {@code name} was logged with the progress-bar flag. */
    public boolean isProgressBar(String name) {
        return progressBar.contains(name);
    }

    /** Whether {@code name} goes to the loggers. */
    public boolean isForLoggers(String name) {
        return !hiddenFromLoggers.contains(name);
    }

    public boolean isEmpty() {
        return step.isEmpty() && epoch.isEmpty();
    }

    /**
     * The accumulators and flags as plain values, so a checkpoint taken in the middle of an epoch
     * resumes the epoch's reductions exactly.
     */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("step", accumulatorStates(step));
        state.put("epoch", accumulatorStates(epoch));
        state.put("progressBar", new ArrayList<>(new TreeSet<>(progressBar)));
        state.put("hiddenFromLoggers", new ArrayList<>(new TreeSet<>(hiddenFromLoggers)));
        return state;
    }

    private static Map<String, Object> accumulatorStates(Map<String, MetricAccumulator> from) {
        Map<String, Object> out = new LinkedHashMap<>();
        from.forEach((name, accumulator) -> out.put(name, accumulator.state()));
        return out;
    }

    /** The collector {@link #state()} described. */
    public static MetricCollector fromState(Map<?, ?> state) {
        MetricCollector collector = new MetricCollector();
        readAccumulators((Map<?, ?>) state.get("step"), collector.step);
        readAccumulators((Map<?, ?>) state.get("epoch"), collector.epoch);
        ((List<?>) state.get("progressBar")).forEach(name -> collector.progressBar.add((String) name));
        ((List<?>) state.get("hiddenFromLoggers")).forEach(name -> collector.hiddenFromLoggers.add((String) name));
        return collector;
    }

    private static void readAccumulators(Map<?, ?> from, Map<String, MetricAccumulator> into) {
        from.forEach((name, value) -> into.put((String) name, MetricAccumulator.fromState((Map<?, ?>) value)));
    }
}

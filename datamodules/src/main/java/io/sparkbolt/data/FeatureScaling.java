package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.preprocessor.DataNormalization;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerMinMaxScaler;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The feature normalisation a data module applies: its kind and the statistics it was fitted with.
 * It travels to executors with the module and is saved as plain JSON (next to the logs and in
 * checkpoints); where batches are built it becomes ND4J's own normaliser.
 *
 * @param kind  {@code standardize}, {@code minmax} or {@code none}
 * @param shift per feature: the mean (standardize) or the minimum (minmax)
 * @param scale per feature: the standard deviation (standardize) or the maximum (minmax)
 */
record FeatureScaling(Kind kind, double[] shift, double[] scale) implements Serializable {

    /** The normalisations on offer. */
    enum Kind {
        /** Zero mean, unit variance per feature (ND4J's {@code NormalizerStandardize}). */
        STANDARDIZE,
        /** Each feature mapped onto [0, 1] by its training minimum and maximum (ND4J's {@code NormalizerMinMaxScaler}). */
        MINMAX,
        /** Features as read. */
        NONE;

        static Kind parse(String owner, String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new SparkboltException(owner + ": normalize must be standardize, minmax or none, got '" + value + "'");
            }
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Fits {@code kind} to statistics of the training rows. */
    static FeatureScaling fit(Kind kind, ColumnStats stats) {
        return switch (kind) {
            case STANDARDIZE -> new FeatureScaling(kind, stats.mean(), stats.std());
            case MINMAX -> new FeatureScaling(kind, stats.min(), stats.max());
            case NONE -> none();
        };
    }

    static FeatureScaling none() {
        return new FeatureScaling(Kind.NONE, new double[0], new double[0]);
    }

    /** ND4J's normaliser with these statistics, or {@code null} for {@code none}. */
    DataNormalization toNormalizer() {
        switch (kind) {
            case STANDARDIZE -> {
                return new NormalizerStandardize(row(shift), row(scale));
            }
            case MINMAX -> {
                NormalizerMinMaxScaler normalizer = new NormalizerMinMaxScaler();
                normalizer.setFeatureStats(row(shift), row(scale));
                return normalizer;
            }
            default -> {
                return null;
            }
        }
    }

    private static INDArray row(double[] values) {
        return Nd4j.create(values, new long[] {1, values.length}, DataType.FLOAT);
    }

    /** The statistics as plain JSON values. */
    Map<String, Object> toState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("normalize", kind.label());
        if (kind == Kind.STANDARDIZE) {
            state.put("mean", list(shift));
            state.put("std", list(scale));
        } else if (kind == Kind.MINMAX) {
            state.put("min", list(shift));
            state.put("max", list(scale));
        }
        return state;
    }

    private static List<Double> list(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    /** Reads what {@link #toState()} wrote; {@code source} names it in errors. */
    static FeatureScaling fromState(Map<String, Object> state, int features, String source) {
        Kind kind = Kind.parse(source, String.valueOf(state.get("normalize")));
        return switch (kind) {
            case STANDARDIZE -> new FeatureScaling(kind, doubles(state, "mean", features, source), doubles(state, "std", features, source));
            case MINMAX -> new FeatureScaling(kind, doubles(state, "min", features, source), doubles(state, "max", features, source));
            case NONE -> none();
        };
    }

    private static double[] doubles(Map<String, Object> state, String key, int features, String source) {
        if (!(state.get(key) instanceof List<?> list) || list.size() != features
                || !list.stream().allMatch(Number.class::isInstance)) {
            throw new SparkboltException(source + ": '" + key + "' must be a list of " + features + " numbers");
        }
        return list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }
}

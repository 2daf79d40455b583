package io.sparkbolt.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Which columns of a Parquet data set become an example, and how: the feature columns in order
 * (numbers, ML vectors, numeric arrays), the label column, whose value is a class index
 * ({@code numClasses} > 0) or a regression target, and optionally an id column whose values key
 * the rows' predictions.
 *
 * @param features    the feature columns, in the order their values are laid out
 * @param label       the label column's name
 * @param numClasses  classes of the label; 0 for regression
 * @param sourceNames for a staged copy, the frame's name for each feature value (what messages name); empty otherwise
 * @param idColumn    the id column read from the files, or {@code null}
 * @param idName      the id column's name in the frame (a staged copy stores it under another), or {@code null}
 */
record FrameColumns(List<Feature> features, String label, int numClasses, List<String> sourceNames, String idColumn, String idName)
        implements Serializable {

    FrameColumns {
        features = List.copyOf(features);
        sourceNames = List.copyOf(sourceNames);
    }

    FrameColumns(List<Feature> features, String label, int numClasses) {
        this(features, label, numClasses, List.of(), null, null);
    }

    /** These columns with the frame's column {@code column} as the rows' id ({@code null}: none). */
    FrameColumns withId(String column) {
        return new FrameColumns(features, label, numClasses, sourceNames, column, column);
    }

    boolean hasId() {
        return idColumn != null;
    }

    /** What a message calls feature value {@code index} (of {@code feature}'s values, the {@code element}-th). */
    String valueName(Feature feature, int index, int element) {
        if (index < sourceNames.size()) {
            return sourceNames.get(index);
        }
        return feature.kind() == Kind.NUMBER ? feature.name() : feature.name() + "[" + element + "]";
    }

    /** How a feature column holds its values. */
    enum Kind {
        /** One number: an integer, floating-point, decimal or boolean column. */
        NUMBER,
        /** A Spark ML vector (dense or sparse), stored by Spark as a struct of type, size, indices and values. */
        VECTOR,
        /** A list of numbers. */
        ARRAY
    }

    /**
     * One feature column.
     *
     * @param name  the column's name
     * @param kind  how it holds its values
     * @param width values it contributes to every example (1 for a number)
     */
    record Feature(String name, Kind kind, int width) implements Serializable {
    }

    int numFeatures() {
        return features.stream().mapToInt(Feature::width).sum();
    }

    boolean regression() {
        return numClasses == 0;
    }

    /** Width of a label row: one-hot classes, or the one target. */
    int labelWidth() {
        return regression() ? 1 : numClasses;
    }

    /** Every column read: the features, then the label, then the id if any. */
    List<String> names() {
        List<String> names = new ArrayList<>();
        features.forEach(feature -> names.add(feature.name()));
        names.add(label);
        if (hasId()) {
            names.add(idColumn);
        }
        return names;
    }
}

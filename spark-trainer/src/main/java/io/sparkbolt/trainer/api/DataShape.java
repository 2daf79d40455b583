package io.sparkbolt.trainer.api;

import java.io.Serializable;

/**
 * The shape of a classification or regression data set as a {@link DataModule} declares it, so
 * that built-in modules (such as the MLP classifier) size their input and output layers from the
 * data.
 *
 * @param numFeatures width of one flattened example
 * @param numOutputs  number of classes (classification) or regression targets
 * @param regression  whether the labels are real-valued targets rather than one-hot classes
 */
public record DataShape(int numFeatures, int numOutputs, boolean regression) implements Serializable {
    public DataShape {
        if (numFeatures <= 0 || numOutputs <= 0) {
            throw new IllegalArgumentException("data shape needs positive sizes, got features="
                    + numFeatures + " outputs=" + numOutputs);
        }
    }

    /** A classification data set: {@code numOutputs} classes, one-hot labels. */
    public DataShape(int numFeatures, int numOutputs) {
        this(numFeatures, numOutputs, false);
    }

    /** A regression data set with {@code numTargets} real-valued targets. */
    public static DataShape regression(int numFeatures, int numTargets) {
        return new DataShape(numFeatures, numTargets, true);
    }
}

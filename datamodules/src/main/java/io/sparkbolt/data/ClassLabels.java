package io.sparkbolt.data;

import java.util.Arrays;

/** A class label as a one-hot row: the one check and encoding every file format shares. */
final class ClassLabels {
    private ClassLabels() {
    }

    /**
     * Writes {@code value} into {@code label} as one-hot over {@code numClasses}.
     *
     * @param column where the value came from, for the message ({@code column 5}, {@code column 'label'})
     * @throws BadRowException when the value is not a class index in [0, numClasses)
     */
    static void oneHot(float value, int numClasses, float[] label, String column) throws BadRowException {
        boolean whole = value == Math.rint(value);
        if (!whole || value < 0 || value >= numClasses) {
            throw new BadRowException("label", column + ": label " + (whole ? String.valueOf((long) value) : String.valueOf(value))
                    + " is outside [0, " + numClasses + ")" + (whole ? "" : " (not a class index)"));
        }
        Arrays.fill(label, 0f);
        label[(int) value] = 1f;
    }
}

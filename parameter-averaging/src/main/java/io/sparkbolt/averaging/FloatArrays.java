package io.sparkbolt.averaging;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Model arrays as plain float arrays, the form they travel in between driver and executors. */
final class FloatArrays {
    private FloatArrays() {
    }

    /** A copy of {@code array}'s values; empty for an empty array (a stateless updater). */
    static float[] of(INDArray array) {
        return array.isEmpty() || array.length() == 0 ? new float[0] : array.dup().data().asFloat();
    }
}

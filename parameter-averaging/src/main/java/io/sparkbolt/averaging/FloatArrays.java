package io.sparkbolt.averaging;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Model arrays as plain float arrays, the form they travel in between driver and executors. */
final class FloatArrays {
    private FloatArrays() {
    }

    /** A copy of {@code array}'s values; empty for an empty array (a stateless updater). */
    static float[] of(INDArray array) {
        if (array.isEmpty() || array.length() == 0) {
            return new float[0];
        }
        // the flattened parameter and updater arrays are whole buffers: copy once instead of dup + copy
        return (isWholeBuffer(array) ? array : array.dup()).data().asFloat();
    }

    /** Whether {@code array} is exactly its float buffer, in order, so values can be copied to and from it directly. */
    static boolean isWholeBuffer(INDArray array) {
        return array.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && array.offset() == 0
                && array.data().length() == array.length() && array.ordering() == 'c';
    }
}

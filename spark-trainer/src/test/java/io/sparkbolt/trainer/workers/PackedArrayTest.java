package io.sparkbolt.trainer.workers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The packed form's round trip and the driver's weighted mean, against plain double arithmetic. */
class PackedArrayTest {

    @Test
    void weightedMeanIsSummedInDoubleAndRoundedOnceToFloat() {
        float[] a = {0.1f, -0.0f, 3.0e-8f, 1.0f, 16777216f};
        float[] b = {0.2f, -0.0f, 1.0e-8f, 1.0f, 1f};
        double wa = 3.0 / 7;
        double wb = 4.0 / 7;
        INDArray target = Nd4j.zeros(DataType.FLOAT, 1, a.length);
        double[] sums = new double[a.length];
        PackedArray.of(Nd4j.createFromArray(a)).addWeighted(sums, wa, true);
        PackedArray.of(Nd4j.createFromArray(b)).addWeighted(sums, wb, false);
        PackedArray.assignRounded(target, sums);

        float[] expected = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            expected[i] = (float) ((double) a[i] * wa + (double) b[i] * wb);
        }
        assertArrayEquals(expected, target.toFloatVector());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(target.getFloat(1)), "-0.0 stays -0.0");
    }

    @Test
    void aLoneWorkerComesThroughBitForBit() {
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 1000).subi(0.5);
        double[] sums = new double[1000];
        PackedArray.of(params).addWeighted(sums, 1.0, true);
        INDArray target = Nd4j.zeros(DataType.FLOAT, 1, 1000);
        PackedArray.assignRounded(target, sums);
        assertEquals(params, target);
    }

    @Test
    void doublesStayDoubles() {
        INDArray params = Nd4j.createFromArray(1.0 / 3, -2.0 / 7, 1e-300);
        PackedArray packed = PackedArray.of(params);
        assertEquals(DataType.DOUBLE, packed.type());
        INDArray target = Nd4j.zeros(DataType.DOUBLE, 3);
        packed.copyInto(target);
        assertArrayEquals(params.toDoubleVector(), target.toDoubleVector(), 0.0);
    }

    @Test
    void viewsAndOtherTypesGoThroughNd4j() {
        INDArray whole = Nd4j.rand(DataType.FLOAT, 4, 6);
        INDArray view = whole.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4)); // not its whole buffer
        PackedArray packed = PackedArray.of(view);
        assertEquals(12, packed.length());

        INDArray target = Nd4j.zeros(DataType.FLOAT, 4, 6);
        INDArray targetView = target.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 4));
        packed.copyInto(targetView);
        assertEquals(view, targetView);

        INDArray half = Nd4j.zeros(DataType.HALF, 1, 12);
        double[] sums = new double[12];
        packed.addWeighted(sums, 1.0, true);
        PackedArray.assignRounded(half, sums);
        assertEquals(view.dup('c').reshape(1, 12).castTo(DataType.HALF), half);
    }
}

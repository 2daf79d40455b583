package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.replica.GradientReducer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A worker's {@link GradientReducer} over the {@link Ring}: stages the gradient sum and the
 * example count in host memory (one value array; on the CPU backend copied straight from the
 * gradient's buffer, on CUDA through a host copy), all-reduces it and puts the sum back. Double
 * networks travel as doubles, the others as floats (half precision gradients are summed in float).
 */
final class RingAllReduce implements GradientReducer {
    /** Floats count examples exactly up to 2^24 per step. */
    private static final long MAX_FLOAT_COUNT = 1L << 24;

    /** Whether arrays live in host memory (ND4J's CPU backend); asked once, the answer costs ~1 ms. */
    private static final boolean HOST_BACKEND = Nd4j.getEnvironment().isCPU();

    private final Ring ring;
    private final RingCache.Key key;
    private boolean completed;
    private long nanos;
    private float[] floats;
    private double[] doubles;
    private int steps;

    /** @param key where the ring is kept for the next segment once this one completed */
    RingAllReduce(Ring ring, RingCache.Key key) {
        this.ring = ring;
        this.key = key;
    }

    @Override
    public long allReduce(INDArray gradientSum, long examples) {
        long start = System.nanoTime();
        try {
            return sum(gradientSum, examples);
        } finally {
            nanos += System.nanoTime() - start;
        }
    }

    @Override
    public double seconds() {
        return nanos / 1e9;
    }

    private long sum(INDArray gradientSum, long examples) {
        int n = (int) gradientSum.length();
        String what = "the all-reduce of optimiser step " + steps++ + " of this round";
        if (gradientSum.dataType() == DataType.DOUBLE) {
            if (doubles == null || doubles.length != n + 1) {
                doubles = new double[n + 1];
            }
            copyOut(gradientSum, doubles);
            doubles[n] = examples;
            ring.allReduce(new RingValues.Doubles(doubles), what);
            copyIn(doubles, gradientSum);
            return (long) doubles[n];
        }
        if (examples >= MAX_FLOAT_COUNT) {
            throw new SparkboltException("ddp: a worker's optimiser step covers " + examples + " examples; float gradients count at most "
                    + MAX_FLOAT_COUNT + " exactly: use smaller batches or precision 64");
        }
        if (floats == null || floats.length != n + 1) {
            floats = new float[n + 1];
        }
        copyOut(gradientSum, floats);
        floats[n] = examples;
        ring.allReduce(new RingValues.Floats(floats), what);
        copyIn(floats, gradientSum);
        return (long) floats[n];
    }

    /** Whether the array is one contiguous host buffer of its own (the CPU backend's flattened gradient). */
    private static boolean hostContiguous(INDArray array) {
        return HOST_BACKEND && array.offset() == 0
                && array.data().length() == array.length();
    }

    private static void copyOut(INDArray from, float[] to) {
        int n = (int) from.length();
        if (from.dataType() == DataType.FLOAT && hostContiguous(from)) {
            from.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().get(to, 0, n);
        } else {
            System.arraycopy(from.castTo(DataType.FLOAT).data().asFloat(), 0, to, 0, n);
        }
    }

    private static void copyOut(INDArray from, double[] to) {
        int n = (int) from.length();
        if (hostContiguous(from)) {
            from.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().get(to, 0, n);
        } else {
            System.arraycopy(from.data().asDouble(), 0, to, 0, n);
        }
    }

    private static void copyIn(float[] from, INDArray to) {
        int n = (int) to.length();
        if (to.dataType() == DataType.FLOAT && hostContiguous(to)) {
            to.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer().put(from, 0, n);
        } else {
            to.assign(Nd4j.createFromArray(java.util.Arrays.copyOf(from, n)).castTo(to.dataType()).reshape(to.shape()));
        }
    }

    private static void copyIn(double[] from, INDArray to) {
        int n = (int) to.length();
        if (hostContiguous(to)) {
            to.data().asNio().order(ByteOrder.nativeOrder()).asDoubleBuffer().put(from, 0, n);
        } else {
            to.assign(Nd4j.createFromArray(java.util.Arrays.copyOf(from, n)).reshape(to.shape()));
        }
    }

    @Override
    public void completed() {
        completed = true;
    }

    /** Keeps the ring for the next segment after one that completed; closes it after one that failed. */
    @Override
    public void close() {
        if (completed) {
            RingCache.keep(key, ring);
        } else {
            ring.close();
        }
    }
}

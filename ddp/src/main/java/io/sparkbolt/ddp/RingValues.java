package io.sparkbolt.ddp;

import java.nio.ByteBuffer;

/**
 * The numbers a ring all-reduce sums, as raw little-endian values on the wire: float for float
 * networks, double for double ones, so nothing is rounded on the way.
 */
interface RingValues {
    /** How many values. */
    int length();

    /** Bytes per value on the wire. */
    int bytesPerValue();

    /** Writes values {@code [from, from + count)} to {@code out}. */
    void write(int from, int count, ByteBuffer out);

    /** Adds the values in {@code in} to {@code [from, from + count)}. */
    void add(int from, int count, ByteBuffer in);

    /** Replaces {@code [from, from + count)} by the values in {@code in}. */
    void set(int from, int count, ByteBuffer in);

    /** Float values. */
    record Floats(float[] values) implements RingValues {
        @Override
        public int length() {
            return values.length;
        }

        @Override
        public int bytesPerValue() {
            return Float.BYTES;
        }

        @Override
        public void write(int from, int count, ByteBuffer out) {
            out.asFloatBuffer().put(values, from, count);
            out.position(out.position() + count * Float.BYTES);
        }

        @Override
        public void add(int from, int count, ByteBuffer in) {
            java.nio.FloatBuffer received = in.asFloatBuffer();
            for (int i = 0; i < count; i++) {
                values[from + i] += received.get(i);
            }
        }

        @Override
        public void set(int from, int count, ByteBuffer in) {
            in.asFloatBuffer().get(values, from, count);
        }
    }

    /** Double values. */
    record Doubles(double[] values) implements RingValues {
        @Override
        public int length() {
            return values.length;
        }

        @Override
        public int bytesPerValue() {
            return Double.BYTES;
        }

        @Override
        public void write(int from, int count, ByteBuffer out) {
            out.asDoubleBuffer().put(values, from, count);
            out.position(out.position() + count * Double.BYTES);
        }

        @Override
        public void add(int from, int count, ByteBuffer in) {
            java.nio.DoubleBuffer received = in.asDoubleBuffer();
            for (int i = 0; i < count; i++) {
                values[from + i] += received.get(i);
            }
        }

        @Override
        public void set(int from, int count, ByteBuffer in) {
            in.asDoubleBuffer().get(values, from, count);
        }
    }
}

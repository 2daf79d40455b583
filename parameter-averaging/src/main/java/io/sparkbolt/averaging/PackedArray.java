package io.sparkbolt.averaging;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model array (parameters, updater state) as the raw bytes of its values: the form it travels
 * in between driver and executors. Java serialisation writes a {@code byte[]} as one block but a
 * {@code float[]} value by value, and the bytes are copied to and from ND4J's native buffer in one
 * bulk copy each way, so a round moves its models about twice as fast as with float arrays.
 * Double-precision networks travel as doubles; every other precision as floats (a half-precision
 * network's values are exact in float); the driver averages in double either way.
 *
 * @param type  {@code FLOAT} or {@code DOUBLE}
 * @param bytes the values in native byte order
 */
record PackedArray(DataType type, byte[] bytes) implements Serializable {
    private static final PackedArray EMPTY = new PackedArray(DataType.FLOAT, new byte[0]);

    /** A copy of {@code array}'s values. */
    static PackedArray of(INDArray array) {
        if (array.isEmpty() || array.length() == 0) {
            return EMPTY; // a stateless updater (SGD)
        }
        DataType type = array.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        INDArray source = isWholeBuffer(array, type) ? array : array.castTo(type).dup('c');
        byte[] bytes = new byte[Math.toIntExact(source.length() * type.width())];
        ByteBuffer nio = source.data().asNio().duplicate();
        nio.position(0);
        nio.get(bytes);
        return new PackedArray(type, bytes);
    }

    /** Number of values. */
    int length() {
        return bytes.length / type.width();
    }

    /** The values, widened to doubles (exactly) when they travel as floats. */
    double[] toDoubles() {
        double[] values = new double[length()];
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder());
        if (type == DataType.DOUBLE) {
            buffer.asDoubleBuffer().get(values);
        } else {
            java.nio.FloatBuffer floats = buffer.asFloatBuffer();
            for (int i = 0; i < values.length; i++) {
                values[i] = floats.get(i);
            }
        }
        return values;
    }

    /** Writes the values into {@code target}, which must hold as many. */
    void copyInto(INDArray target) {
        if (length() != target.length()) {
            throw new IllegalStateException("got " + length() + " values for an array of " + target.length());
        }
        if (length() == 0) {
            return;
        }
        if (isWholeBuffer(target, type)) {
            ByteBuffer nio = target.data().asNio().duplicate();
            nio.position(0);
            nio.put(bytes); // straight into the network's buffer, no temporary array
        } else {
            target.assign(Nd4j.createFromArray(toDoubles()).reshape(target.shape()));
        }
    }

    /** Whether {@code array} is exactly its buffer of {@code type}, in order, so its bytes can be copied directly. */
    private static boolean isWholeBuffer(INDArray array, DataType type) {
        return array.dataType() == type && array.offset() == 0
                && array.data().length() == array.length() && array.ordering() == 'c';
    }
}

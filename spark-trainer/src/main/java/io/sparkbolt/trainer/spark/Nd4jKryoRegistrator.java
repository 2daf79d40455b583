package io.sparkbolt.trainer.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import de.javakaffee.kryoserializers.SynchronizedCollectionsSerializer;
import de.javakaffee.kryoserializers.UnmodifiableCollectionsSerializer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.common.primitives.AtomicDouble;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo for Spark jobs that carry ND4J arrays, on both Spark lines: ND4J arrays in ND4J's own binary
 * format (what DL4J's {@code Nd4jRegistrator} does, without nd4j-kryo, which is built for Scala 2.12
 * only), Java serialisation for Java records (Kryo 4 cannot set a record's final fields) and for the
 * {@code java.util.concurrent.atomic} types (not opened to Kryo's field access on Java 17).
 * Named by {@code spark.kryo.registrator} in the submit templates.
 */
public final class Nd4jKryoRegistrator implements KryoRegistrator {

    /**
     * DL4J's gradient-sharing broadcasts (the network tuple, the exchange settings), which hold atomic
     * fields; they exist only where the gradient-sharing module is on the class path (the Scala 2.12 line).
     */
    private static final List<String> JAVA_SERIALIZED_IF_PRESENT = List.of(
            "org.deeplearning4j.spark.api.worker.NetBroadcastTuple",
            "org.deeplearning4j.spark.parameterserver.conf.SharedTrainingConfiguration");

    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new NdArraySerializer());
        kryo.register(AtomicDouble.class, new JavaSerializer());
        UnmodifiableCollectionsSerializer.registerSerializers(kryo);
        SynchronizedCollectionsSerializer.registerSerializers(kryo);
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
        kryo.register(AtomicInteger.class, new JavaSerializer());
        kryo.register(AtomicLong.class, new JavaSerializer());
        kryo.register(AtomicBoolean.class, new JavaSerializer());
        for (String name : JAVA_SERIALIZED_IF_PRESENT) {
            try {
                kryo.addDefaultSerializer(Class.forName(name, false, kryo.getClassLoader()), JavaSerializer.class);
            } catch (ClassNotFoundException absent) {
                // not this line's or this job's class path: nothing of that type will travel
            }
        }
    }

    /** An ND4J array in ND4J's own format ({@code Nd4j.write}): shape, strides, order, type and data. */
    private static final class NdArraySerializer extends Serializer<INDArray> {
        @Override
        public void write(Kryo kryo, Output output, INDArray array) {
            try {
                DataOutputStream out = new DataOutputStream(output);
                Nd4j.write(array, out);
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
            return Nd4j.read(new DataInputStream(input));
        }
    }
}

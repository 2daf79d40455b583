package io.sparkbolt.submit;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import de.javakaffee.kryoserializers.SynchronizedCollectionsSerializer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import de.javakaffee.kryoserializers.UnmodifiableCollectionsSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.deeplearning4j.spark.parameterserver.conf.SharedTrainingConfiguration;
import org.nd4j.common.primitives.AtomicDouble;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.kryo.primitives.AtomicDoubleSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo for Spark jobs that carry ND4J arrays: registers ND4J's own serializers (nd4j-kryo) as
 * DL4J's {@code Nd4jRegistrator} does (that class ships only inside dl4j-spark), and serialises
 * Java records with Java serialisation, since Kryo 4 cannot set a record's final fields.
 * Named by {@code spark.kryo.registrator} in the submit templates.
 */
public final class Nd4jKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new Nd4jSerializer());
        kryo.register(AtomicDouble.class, new AtomicDoubleSerializer());
        UnmodifiableCollectionsSerializer.registerSerializers(kryo);
        SynchronizedCollectionsSerializer.registerSerializers(kryo);
        kryo.addDefaultSerializer(Record.class, JavaSerializer.class);
        // java.util.concurrent.atomic is not opened to Kryo's field access on Java 17; DL4J's
        // gradient-sharing broadcasts (the network tuple, the exchange settings) hold such fields.
        kryo.register(AtomicInteger.class, new JavaSerializer());
        kryo.register(AtomicLong.class, new JavaSerializer());
        kryo.register(AtomicBoolean.class, new JavaSerializer());
        kryo.addDefaultSerializer(NetBroadcastTuple.class, JavaSerializer.class);
        kryo.addDefaultSerializer(SharedTrainingConfiguration.class, JavaSerializer.class);
    }
}

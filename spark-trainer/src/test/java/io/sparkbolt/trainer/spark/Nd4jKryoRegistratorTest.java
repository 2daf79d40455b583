package io.sparkbolt.trainer.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.reflect.ClassTag$;

/** What Spark's Kryo must carry with the submit templates' registrator, on Java 17. */
class Nd4jKryoRegistratorTest {
    private final SerializerInstance kryo = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", Nd4jKryoRegistrator.class.getName())).newInstance();

    /** A record, as Sparkbolt's results are: Kryo 4 cannot set a record's final fields itself. */
    record Shape(String name, long[] dims) implements java.io.Serializable {
    }

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        ByteBuffer bytes = kryo.serialize(value, ClassTag$.MODULE$.apply(value.getClass()));
        return (T) kryo.deserialize(bytes, ClassTag$.MODULE$.apply(value.getClass()));
    }

    @Test
    void ndArraysAndRecordsRoundTrip() {
        INDArray array = Nd4j.linspace(1, 6, 6).reshape(2, 3);
        assertEquals(array, roundTrip(array));
        Shape shape = new Shape("features", new long[] {28, 28});
        Shape back = roundTrip(shape);
        assertEquals(shape.name(), back.name());
        assertArrayEquals(shape.dims(), back.dims());
    }

    @Test
    void atomicsAndViewsRoundTrip() {
        assertEquals(7, roundTrip(new AtomicInteger(7)).get());
        assertEquals(0.25, roundTrip(new org.nd4j.common.primitives.AtomicDouble(0.25)).get());
        assertEquals(java.util.List.of(1, 2), roundTrip(java.util.Collections.unmodifiableList(new java.util.ArrayList<>(java.util.List.of(1, 2)))));
        INDArray view = Nd4j.linspace(1, 12, 12).reshape(3, 4).getColumn(1);
        assertEquals(view, roundTrip(view));
        assertEquals(Nd4j.scalar(2.5), roundTrip(Nd4j.scalar(2.5)));
    }
}

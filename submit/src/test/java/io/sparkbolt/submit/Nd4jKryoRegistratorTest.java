package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
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
    void gradientSharingBroadcastsRoundTrip() {
        // DL4J's SharedTrainingMaster broadcasts this tuple; its AtomicInteger broke Kryo's field access on Java 17.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2).build()).build();
        INDArray params = Nd4j.linspace(1, 8, 8);
        NetBroadcastTuple tuple = new NetBroadcastTuple(conf, params, Nd4j.zeros(4));
        NetBroadcastTuple back = roundTrip(tuple);
        assertArrayEquals(params.toFloatVector(), back.getParameters().toFloatVector());
        assertEquals(conf.toJson(), back.getConfiguration().toJson());
        assertEquals(7, roundTrip(new AtomicInteger(7)).get());
    }
}

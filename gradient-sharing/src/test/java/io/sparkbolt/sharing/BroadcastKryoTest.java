package io.sparkbolt.sharing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkbolt.trainer.spark.Nd4jKryoRegistrator;
import io.sparkbolt.trainer.spark.ScalaInterop;
import java.nio.ByteBuffer;
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

/** DL4J's gradient-sharing broadcasts through Spark's Kryo with the submit templates' registrator, on Java 17. */
class BroadcastKryoTest {
    private final SerializerInstance kryo = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", Nd4jKryoRegistrator.class.getName())).newInstance();

    @Test
    void theNetworkTupleRoundTrips() {
        // SharedTrainingMaster broadcasts this tuple; its AtomicInteger broke Kryo's field access on Java 17.
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2).build()).build();
        INDArray params = Nd4j.linspace(1, 8, 8);
        NetBroadcastTuple tuple = new NetBroadcastTuple(conf, params, Nd4j.zeros(4));
        ByteBuffer bytes = kryo.serialize(tuple, ScalaInterop.classTag(NetBroadcastTuple.class));
        NetBroadcastTuple back = kryo.deserialize(bytes, ScalaInterop.classTag(NetBroadcastTuple.class));
        assertArrayEquals(params.toFloatVector(), back.getParameters().toFloatVector());
        assertEquals(conf.toJson(), back.getConfiguration().toJson());
    }
}

package io.sparkbolt.bench;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The baseline: the MNIST MLP written directly against DL4J, trained with {@code net.fit(batch)}
 * on the same batches, in the same order, that the DataModule gives the Trainer.
 */
final class RawDl4jLoop {
    private RawDl4jLoop() {
    }

    /** 784 → hidden... → 10, ReLU, softmax, Xavier, Adam: what {@code MlpClassifier} configures. */
    static MultiLayerNetwork mlp(List<Integer> hidden, double lr, long seed) {
        Nd4j.getRandom().setSeed(seed);
        MultiLayerNetwork net = new MultiLayerNetwork(conf(hidden, lr, seed));
        net.init();
        return net;
    }

    /** The configuration {@link #mlp} builds. */
    static MultiLayerConfiguration conf(List<Integer> hidden, double lr, long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed).weightInit(WeightInit.XAVIER).updater(new Adam(lr)).list();
        int in = 784;
        for (int width : hidden) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            in = width;
        }
        layers.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(in).nOut(10)
                .activation(Activation.SOFTMAX).build());
        return layers.build();
    }

    /** The LeNet-5 that {@code io.sparkbolt.trainer.models.LeNet} configures, for 28x28 grey images, written out by hand. */
    static MultiLayerNetwork lenet(double lr, long seed, DataType dataType) {
        Nd4j.getRandom().setSeed(seed);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).weightInit(WeightInit.XAVIER)
                .updater(new Adam(lr)).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(500).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        conf.setDataType(dataType);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Accuracy of {@code net} on the test split, read in order. */
    static double testAccuracy(MultiLayerNetwork net, DataModule data) {
        org.nd4j.evaluation.classification.Evaluation evaluation = new org.nd4j.evaluation.classification.Evaluation(10);
        List<? extends Shard> shards = data.shards(Split.TEST);
        for (int s = 0; s < shards.size(); s++) {
            Iterator<Batch> batches = data.open(shards.get(s), new ShardRead(Split.TEST, 0, 0, false, s));
            while (batches.hasNext()) {
                Batch batch = batches.next();
                evaluation.eval(batch.labels(), net.output(batch.features(), false));
            }
        }
        return evaluation.accuracy();
    }

    /** Every training batch of epoch 0, in shard order: the RDD DL4J's own Spark trainers are given. */
    static List<DataSet> trainingBatches(DataModule data, long seed) {
        List<DataSet> batches = new ArrayList<>();
        List<? extends Shard> shards = data.shards(Split.TRAIN);
        for (int s = 0; s < shards.size(); s++) {
            data.open(shards.get(s), new ShardRead(Split.TRAIN, 0, seed, true, s)).forEachRemaining(b -> batches.add(b.dataSet()));
        }
        return batches;
    }

    /** One epoch of {@code net.fit(batch)} over the training shards; returns its seconds. */
    static double epoch(MultiLayerNetwork net, DataModule data, List<? extends Shard> shards, int epoch, long seed) {
        long start = System.nanoTime();
        net.setEpochCount(epoch);
        for (int s = 0; s < shards.size(); s++) {
            Iterator<Batch> batches = data.open(shards.get(s), new ShardRead(Split.TRAIN, epoch, seed, true, s));
            while (batches.hasNext()) {
                net.fit(batches.next().dataSet());
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}

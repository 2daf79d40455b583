package io.sparkbolt.submit.cluster;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.NetworkSpec;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.device.DeviceAssignment;
import io.sparkbolt.trainer.device.TaskDevice;
import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A one-hidden-layer MLP that records, at every training step, the GPU address the task running
 * it was pinned to: an event {@code device_<stage>_<partition>_<address>_<source>_<millis>} per
 * step, by process. A user's own module, shipped with --jars.
 */
public final class DeviceRecordingMlp extends LightningModule {
    private final int hidden;
    private final double lr;
    private final String eventsDir;

    public DeviceRecordingMlp(@Arg("hidden") int hidden, @Arg("lr") double lr, @Arg("eventsDir") String eventsDir) {
        this.hidden = hidden;
        this.lr = lr;
        this.eventsDir = eventsDir;
        saveHyperparameters(hidden, lr, eventsDir);
    }

    @Override
    public NetworkSpec configureNetwork() {
        DataShape shape = dataShape();
        return NetworkSpec.of(new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(shape.numFeatures()).nOut(hidden).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(shape.numOutputs())
                        .activation(Activation.SOFTMAX).build())
                .build());
    }

    @Override
    public Optimizers configureOptimizers() {
        return Optimizers.adam(lr);
    }

    @Override
    public StepOutput trainingStep(Batch batch, int batchIdx) {
        DeviceAssignment device = TaskDevice.current().orElseThrow(() -> new IllegalStateException("a step ran in an unpinned task"));
        TaskContext task = TaskContext.get();
        String address = device.gpuAddresses().isEmpty() ? "none" : String.join("+", device.gpuAddresses());
        ClusterEvents.record(eventsDir, "device_" + task.stageId() + "_" + task.partitionId() + "_" + address + "_"
                + device.source() + "_" + System.currentTimeMillis());
        return super.trainingStep(batch, batchIdx);
    }
}

package io.sparkbolt.trainer.checkpoint;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.network.Network;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A checkpoint read and verified by {@link CheckpointIO#read(Path)}: the Trainer's state and the
 * DL4J model, which {@link #restoreInto(Network, boolean)} copies into a network built from the
 * module after checking that every parameter has the same shape.
 *
 * @param path         where it was read from
 * @param state        the Trainer's state
 * @param file         the whole file, which DL4J's {@link ModelSerializer} reads
 * @param hasOptimizer whether it holds the optimiser (updater) state; not with {@code saveWeightsOnly}
 */
public record Checkpoint(Path path, CheckpointState state, byte[] file, boolean hasOptimizer) {

    /**
     * Copies the saved parameters (and, when {@code withOptimizer}, the optimiser state) into
     * {@code target}; a checkpoint of another network kind or shape fails with one line naming the
     * first parameter that differs.
     */
    public void restoreInto(Network target, boolean withOptimizer) {
        Model saved = savedModel(target.model(), withOptimizer);
        java.util.Map<String, INDArray> savedParams = saved.paramTable();
        java.util.Map<String, INDArray> targetParams = target.model().paramTable();
        for (java.util.Map.Entry<String, INDArray> entry : targetParams.entrySet()) {
            INDArray savedParam = savedParams.get(entry.getKey());
            if (savedParam == null) {
                throw incompatible("the module's network has parameter " + entry.getKey() + " " + shape(entry.getValue())
                        + ", the checkpoint's has none");
            }
            if (!Arrays.equals(savedParam.shape(), entry.getValue().shape())) {
                throw incompatible("parameter " + entry.getKey() + " is " + shape(savedParam) + " in the checkpoint but "
                        + shape(entry.getValue()) + " in the module's network");
            }
        }
        if (savedParams.size() != targetParams.size()) {
            throw incompatible("the checkpoint's network has " + savedParams.size() + " parameter arrays, the module's "
                    + targetParams.size());
        }
        target.params().assign(saved.params());
        if (withOptimizer) {
            INDArray savedState = optimizerState(saved);
            INDArray targetState = target.updaterState();
            if (savedState.length() != targetState.length()) {
                throw incompatible("its optimiser state has " + savedState.length() + " values, the module's optimiser needs "
                        + targetState.length() + " (another optimiser?)");
            }
            if (targetState.length() > 0) {
                targetState.assign(savedState.reshape(targetState.shape()));
            }
        }
    }

    private Model savedModel(Model targetKind, boolean withOptimizer) {
        try {
            boolean graph = targetKind instanceof ComputationGraph;
            return graph ? ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(file), withOptimizer)
                    : ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(file), withOptimizer);
        } catch (IOException | RuntimeException e) {
            String kind = targetKind instanceof ComputationGraph ? "ComputationGraph" : "MultiLayerNetwork";
            throw new SparkboltException("checkpoint " + path + " does not hold a DL4J " + kind
                    + " like the module's network: " + e.getMessage(), e);
        }
    }

    private static INDArray optimizerState(Model saved) {
        INDArray state = saved instanceof MultiLayerNetwork net ? net.getUpdater().getStateViewArray()
                : ((ComputationGraph) saved).getUpdater().getStateViewArray();
        return state == null ? Nd4j.empty() : state;
    }

    private SparkboltException incompatible(String what) {
        return new SparkboltException("checkpoint " + path + " does not fit the module's network: " + what);
    }

    private static String shape(INDArray array) {
        return Arrays.toString(array.shape());
    }
}

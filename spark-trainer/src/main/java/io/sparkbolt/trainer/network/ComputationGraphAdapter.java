package io.sparkbolt.trainer.network;

import io.sparkbolt.trainer.api.Batch;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Network} over a {@link ComputationGraph}. */
final class ComputationGraphAdapter implements Network {
    private final ComputationGraph graph;
    private BaseMultiLayerUpdater<?> updater;

    ComputationGraphAdapter(ComputationGraph graph) {
        this.graph = graph;
    }

    @Override
    public Model model() {
        return graph;
    }

    @Override
    public double computeGradientAndScore(Batch batch) {
        MultiDataSet data = batch.multiDataSet();
        graph.setInputs(data.getFeatures());
        graph.setLabels(data.getLabels());
        graph.setLayerMaskArrays(data.getFeaturesMaskArrays(), data.getLabelsMaskArrays());
        graph.computeGradientAndScore();
        return graph.score();
    }

    @Override
    public INDArray gradientView() {
        return graph.getFlattenedGradients();
    }

    @Override
    public void applyUpdate(int examples, int iteration, int epoch) {
        Gradient gradient = graph.gradient();
        updater().update(gradient, iteration, epoch, examples, LayerWorkspaceMgr.noWorkspaces());
        INDArray update = gradient.gradient();
        graph.params().subi(update.reshape(update.length()));
        graph.getConfiguration().setIterationCount(iteration + 1);
        graph.applyConstraints(iteration + 1, epoch);
        graph.clearLayerMaskArrays();
        graph.clearLayersStates();
    }

    private BaseMultiLayerUpdater<?> updater() {
        if (updater == null) {
            updater = graph.getUpdater();
        }
        return updater;
    }

    @Override
    public double score(Batch batch) {
        return graph.score(batch.multiDataSet(), false);
    }

    @Override
    public INDArray[] output(Batch batch) {
        MultiDataSet data = batch.multiDataSet();
        return graph.output(false, data.getFeatures(), data.getFeaturesMaskArrays(), data.getLabelsMaskArrays());
    }

    @Override
    public boolean isClassifier() {
        return graph.getNumOutputArrays() == 1
                && OutputLayers.isSoftmaxClassifier(graph.getOutputLayer(0).conf().getLayer());
    }

    @Override
    public INDArray params() {
        return graph.params();
    }

    @Override
    public INDArray updaterState() {
        INDArray state = updater().getStateViewArray();
        return state == null ? Nd4j.empty() : state;
    }

    @Override
    public List<LayerRow> layers() {
        List<LayerRow> rows = new ArrayList<>();
        for (Layer layer : graph.getLayers()) {
            rows.add(OutputLayers.row(layer));
        }
        return rows;
    }

    @Override
    public void setEpoch(int epoch) {
        graph.getConfiguration().setEpochCount(epoch);
    }
}

package io.sparkbolt.trainer.network;

import io.sparkbolt.trainer.api.Batch;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/** {@link Network} over a {@link ComputationGraph}. */
final class ComputationGraphAdapter extends Dl4jNetwork {
    private final ComputationGraph graph;

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
    protected BaseMultiLayerUpdater<?> createUpdater() {
        return graph.getUpdater();
    }

    @Override
    protected Gradient gradient() {
        return graph.gradient();
    }

    @Override
    protected void setIterationCount(int count) {
        graph.getConfiguration().setIterationCount(count);
    }

    @Override
    protected void applyConstraints(int iteration, int epoch) {
        graph.applyConstraints(iteration, epoch);
    }

    @Override
    protected void clearBatchState() {
        graph.clearLayerMaskArrays();
        graph.clearLayersStates();
    }

    @Override
    protected Layer[] layerArray() {
        return graph.getLayers();
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
    public java.util.OptionalLong outputSize() {
        return graph.getNumOutputArrays() == 1 ? OutputLayers.width(graph.getOutputLayer(0).conf().getLayer())
                : java.util.OptionalLong.empty();
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
    public String configurationJson() {
        return graph.getConfiguration().toJson();
    }

    @Override
    public void setEpoch(int epoch) {
        graph.getConfiguration().setEpochCount(epoch);
    }
}

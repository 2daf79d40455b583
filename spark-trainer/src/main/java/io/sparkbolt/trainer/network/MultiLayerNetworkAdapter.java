package io.sparkbolt.trainer.network;

import io.sparkbolt.trainer.api.Batch;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** {@link Network} over a {@link MultiLayerNetwork}. */
final class MultiLayerNetworkAdapter extends Dl4jNetwork {
    private final MultiLayerNetwork net;

    MultiLayerNetworkAdapter(MultiLayerNetwork net) {
        this.net = net;
    }

    @Override
    public Model model() {
        return net;
    }

    @Override
    public double computeGradientAndScore(Batch batch) {
        DataSet data = batch.dataSet();
        net.setInput(data.getFeatures());
        net.setLabels(data.getLabels());
        net.setLayerMaskArrays(data.getFeaturesMaskArray(), data.getLabelsMaskArray());
        net.computeGradientAndScore();
        return net.score();
    }

    @Override
    public INDArray gradientView() {
        return net.getFlattenedGradients();
    }

    @Override
    protected BaseMultiLayerUpdater<?> createUpdater() {
        return (BaseMultiLayerUpdater<?>) net.getUpdater();
    }

    @Override
    protected Gradient gradient() {
        return net.gradient();
    }

    @Override
    protected void setIterationCount(int count) {
        net.getLayerWiseConfigurations().setIterationCount(count);
    }

    @Override
    protected void applyConstraints(int iteration, int epoch) {
        net.applyConstraints(iteration, epoch);
    }

    @Override
    protected void clearBatchState() {
        net.clearLayerMaskArrays();
        net.clearLayersStates();
    }

    @Override
    protected Layer[] layerArray() {
        return net.getLayers();
    }

    @Override
    public double score(Batch batch) {
        return net.score(batch.dataSet(), false);
    }

    @Override
    public INDArray[] output(Batch batch) {
        DataSet data = batch.dataSet();
        return new INDArray[] {net.output(data.getFeatures(), false, data.getFeaturesMaskArray(), data.getLabelsMaskArray())};
    }

    @Override
    public java.util.OptionalLong outputSize() {
        return OutputLayers.width(net.getOutputLayer().conf().getLayer());
    }

    @Override
    public boolean isClassifier() {
        return OutputLayers.isSoftmaxClassifier(net.getOutputLayer().conf().getLayer());
    }

    @Override
    public INDArray params() {
        return net.params();
    }

    @Override
    public String configurationJson() {
        return net.getLayerWiseConfigurations().toJson();
    }

    @Override
    public void setEpoch(int epoch) {
        net.setEpochCount(epoch);
    }
}

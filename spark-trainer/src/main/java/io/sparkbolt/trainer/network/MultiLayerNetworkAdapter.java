package io.sparkbolt.trainer.network;

import io.sparkbolt.trainer.api.Batch;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Network} over a {@link MultiLayerNetwork}. */
final class MultiLayerNetworkAdapter implements Network {
    private final MultiLayerNetwork net;
    private BaseMultiLayerUpdater<?> updater;

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
    public void applyUpdate(int examples, int iteration, int epoch) {
        Gradient gradient = net.gradient();
        updater().update(gradient, iteration, epoch, examples, LayerWorkspaceMgr.noWorkspaces());
        INDArray update = gradient.gradient();
        net.params().subi(update.reshape(update.length()));
        net.getLayerWiseConfigurations().setIterationCount(iteration + 1);
        net.applyConstraints(iteration + 1, epoch);
        net.clearLayerMaskArrays();
        net.clearLayersStates();
    }

    /** The network's own updater (the one {@code fit()} and {@code ModelSerializer} use), created on first use. */
    private BaseMultiLayerUpdater<?> updater() {
        if (updater == null) {
            updater = (BaseMultiLayerUpdater<?>) net.getUpdater();
        }
        return updater;
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
    public boolean isClassifier() {
        return OutputLayers.isSoftmaxClassifier(net.getOutputLayer().conf().getLayer());
    }

    @Override
    public INDArray params() {
        return net.params();
    }

    @Override
    public INDArray updaterState() {
        INDArray state = updater().getStateViewArray();
        return state == null ? Nd4j.empty() : state;
    }

    @Override
    public List<LayerRow> layers() {
        List<LayerRow> rows = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            rows.add(OutputLayers.row(layer));
        }
        return rows;
    }

    @Override
    public void setEpoch(int epoch) {
        net.setEpochCount(epoch);
    }
}

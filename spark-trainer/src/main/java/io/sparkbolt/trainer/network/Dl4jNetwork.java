package io.sparkbolt.trainer.network;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * What both DL4J network kinds share: the optimiser step as {@code StochasticGradientDescent}
 * makes it (updater, {@code params -= update}, iteration count, constraints, cleared state), the
 * updater state and the summary rows. Subclasses supply the calls that differ by kind.
 */
abstract class Dl4jNetwork implements Network {
    private BaseMultiLayerUpdater<?> updater;

    /** The network's own updater (the one {@code fit()} and {@code ModelSerializer} use), created on first use. */
    protected abstract BaseMultiLayerUpdater<?> createUpdater();

    protected abstract Gradient gradient();

    protected abstract void setIterationCount(int count);

    protected abstract void applyConstraints(int iteration, int epoch);

    /** Clears masks and per-batch layer state after a step, as {@code fit()} does. */
    protected abstract void clearBatchState();

    protected abstract Layer[] layerArray();

    @Override
    public final void applyUpdate(int examples, int iteration, int epoch) {
        Gradient gradient = gradient();
        updater().update(gradient, iteration, epoch, examples, LayerWorkspaceMgr.noWorkspaces());
        INDArray update = gradient.gradient();
        params().subi(update.reshape(update.length()));
        setIterationCount(iteration + 1);
        applyConstraints(iteration + 1, epoch);
        clearBatchState();
    }

    private BaseMultiLayerUpdater<?> updater() {
        if (updater == null) {
            updater = createUpdater();
        }
        return updater;
    }

    @Override
    public final List<LayerRate> learningRates(int iteration, int epoch) {
        List<LayerRate> rates = new ArrayList<>();
        for (Layer layer : layerArray()) {
            if (layer.conf().getLayer() instanceof BaseLayer base && base.getIUpdater() != null && layer.numParams() > 0) {
                IUpdater updater = base.getIUpdater();
                double rate = updater.getLearningRate(iteration, epoch);
                if (!Double.isNaN(rate)) {
                    rates.add(new LayerRate(base.getLayerName(), updater.getClass().getSimpleName(), rate));
                }
            }
        }
        return rates;
    }

    @Override
    public final INDArray updaterState() {
        INDArray state = updater().getStateViewArray();
        return state == null ? Nd4j.empty() : state;
    }

    @Override
    public final List<LayerRow> layers() {
        List<LayerRow> rows = new ArrayList<>();
        for (Layer layer : layerArray()) {
            rows.add(OutputLayers.row(layer));
        }
        return rows;
    }
}

package io.sparkbolt.trainer.network;

import io.sparkbolt.trainer.api.Batch;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One DL4J network as the Trainer drives it, whatever its kind ({@code MultiLayerNetwork} or
 * {@code ComputationGraph}). The split between {@link #computeGradientAndScore(Batch)} and
 * {@link #applyUpdate(int, int, int)} is where the Trainer accumulates and clips gradients: the
 * same calls DL4J's {@code StochasticGradientDescent} makes inside {@code fit()}, taken apart.
 */
public interface Network {

    /** The DL4J model itself. */
    Model model();

    /** Forward and backward pass on one batch; leaves the summed gradient in {@link #gradientView()}. Returns the loss. */
    double computeGradientAndScore(Batch batch);

    /** The flattened gradient array the updater reads (a view shared with every layer). */
    INDArray gradientView();

    /**
     * The optimiser step on what {@link #gradientView()} holds: divide by {@code examples}, the
     * per-layer gradient normalisation, the updater (Adam, ...), regularisation, then
     * {@code params -= update} and constraints; the iteration count becomes {@code iteration + 1}.
     */
    void applyUpdate(int examples, int iteration, int epoch);

    /** The loss on a batch without training-time behaviour (no dropout). */
    double score(Batch batch);

    /** The network's outputs on a batch, in inference mode. */
    INDArray[] output(Batch batch);

    /** The width of the (single) output layer, where it is a feed-forward layer; empty otherwise. */
    java.util.OptionalLong outputSize();

    /** Whether the (single) output layer is a softmax classifier, so accuracy is meaningful. */
    boolean isClassifier();

    /**
     * The learning rate each trainable layer's updater applies at this iteration and epoch (after
     * its schedule), keyed by layer name, with the updater's name: what a learning-rate monitor logs.
     */
    List<LayerRate> learningRates(int iteration, int epoch);

    /** One layer's learning rate: the layer, its updater's simple name ({@code Adam}), the rate. */
    record LayerRate(String layer, String updater, double rate) {
    }

    /** All parameters as one flattened view; writes to it change the network. */
    INDArray params();

    /** The updater state (Adam moments, ...) as one flattened view, or an empty array when stateless. */
    INDArray updaterState();

    /** The rows of the model-summary table, one per layer. */
    List<LayerRow> layers();

    /** The network's DL4J configuration as JSON (optimiser, seed and counters included), to rebuild it elsewhere. */
    String configurationJson();

    /** Sets DL4J's own epoch counter, which epoch-based schedules read. */
    void setEpoch(int epoch);

    /** A row of the model summary. */
    record LayerRow(String name, String type, String shape, long params) {
    }
}

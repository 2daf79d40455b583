package io.sparkbolt.trainer.api;

import io.sparkbolt.trainer.network.Network;
import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * <em>What</em> to train: the network, the optimiser and the step logic, as in PyTorch Lightning.
 *
 * <p>Subclasses implement {@link #configureNetwork()} and usually {@link #configureOptimizers()};
 * the steps have defaults that fit DL4J networks with an output layer: the loss from the
 * network's output layer, and for softmax classifiers the accuracy.
 *
 * <pre>{@code public final class MyModel extends LightningModule {
 *   private final int hidden;
 *   public MyModel(@Arg("hidden") int hidden) { this.hidden = hidden; saveHyperparameters(hidden); }
 *   public NetworkSpec configureNetwork() { return NetworkSpec.of(new NeuralNetConfiguration.Builder()...build()); }
 *   public Optimizers configureOptimizers() { return Optimizers.adam(1e-3); }
 * }}</pre>
 *
 * <p>A module is serialised to executors; it runs its steps there, and its epoch-level hooks on the
 * driver. Batch-level hooks ({@link #onTrainBatchStart}, ...) run where the batch runs, around the
 * step.
 */
public abstract class LightningModule implements ModuleHooks, Serializable {
    private static final long serialVersionUID = 1L;

    private HyperParameters hparams = HyperParameters.empty();
    private transient ModuleContext context;

    /**
     * The network to train. Called on the driver, after the {@code setup} hooks, by the first entry
     * point ({@code fit}, {@code validate}, {@code test} or {@code predict}) a Trainer runs with this
     * module; later entry points of the same Trainer reuse the built network, so {@code test} after
     * {@code fit} tests the trained weights. Executors never call it: they receive the built
     * network's configuration and parameters.
     */
    public abstract NetworkSpec configureNetwork();

    /**
     * The optimiser and learning-rate schedule, applied to every layer. Default {@code null}:
     * keep the updaters of the network configuration.
     */
    public Optimizers configureOptimizers() {
        return null;
    }

    /**
     * One training step: compute the loss and gradients of {@code batch}, log, return the output.
     * The Trainer then accumulates, clips and applies the gradients. Return {@code null} to skip
     * the batch. Default: {@link #forwardBackward(Batch)} and log {@code train_loss} on the
     * progress bar.
     */
    public StepOutput trainingStep(Batch batch, int batchIdx) {
        StepOutput out = forwardBackward(batch);
        log("train_loss", out.loss(), LogOptions.progBar());
        return out;
    }

    /** One validation step. Default: logs {@code val_loss}, and {@code val_acc} for classifiers. */
    public void validationStep(Batch batch, int batchIdx) {
        logLossAndAccuracy(Split.VAL, batch);
    }

    /** One test step. Default: logs {@code test_loss}, and {@code test_acc} for classifiers. */
    public void testStep(Batch batch, int batchIdx) {
        logLossAndAccuracy(Split.TEST, batch);
    }

    /** One prediction step. Default: the network's (first) output. */
    public INDArray predictStep(Batch batch, int batchIdx) {
        return network().output(batch)[0];
    }

    /** Logs {@code <split>_loss} and, for classifiers, {@code <split>_acc} on the progress bar. */
    protected final void logLossAndAccuracy(Split split, Batch batch) {
        Network network = network();
        log(split.prefix() + "_loss", network.score(batch), LogOptions.progBar());
        if (network.isClassifier()) {
            log(split.prefix() + "_acc", accuracy(batch), LogOptions.progBar());
        }
    }

    /** Forward and backward pass: the loss, with the gradients left in the network for the Trainer. */
    protected final StepOutput forwardBackward(Batch batch) {
        double loss = network().computeGradientAndScore(batch);
        return new StepOutput(loss, batch.size());
    }

    /** Fraction of the batch whose arg-max output matches the one-hot label. */
    protected final double accuracy(Batch batch) {
        INDArray predicted = network().output(batch)[0].argMax(1);
        INDArray actual = batch.multiDataSet().getLabels(0).argMax(1);
        return predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sumNumber().doubleValue() / batch.size();
    }

    /** Logs a value with Lightning's defaults for the current stage. */
    public final void log(String name, double value) {
        log(name, value, LogOptions.defaults());
    }

    /**
     * Logs a value. In training it is recorded per step by default, elsewhere reduced over the
     * epoch; values logged on executors are reduced on the driver (weighted mean by default).
     */
    public final void log(String name, double value, LogOptions options) {
        context().log(name, value, options);
    }

    /** The network being trained (available from the start of fit). */
    protected final Network network() {
        return context().network();
    }

    /** The current epoch, 0-based. */
    public final int currentEpoch() {
        return context().currentEpoch();
    }

    /** Optimiser steps taken so far. */
    public final long globalStep() {
        return context().globalStep();
    }

    /** Input width and number of outputs, as the DataModule declares them. */
    protected final DataShape dataShape() {
        return context().dataShape().orElseThrow(() -> new IllegalStateException(
                getClass().getSimpleName() + " needs the data's shape, but the DataModule declares none (override DataModule.shape())"));
    }

    /** The captured constructor arguments. */
    public final HyperParameters hparams() {
        return hparams;
    }

    /**
     * Records the constructor arguments as hyper-parameters, in the order of the constructor
     * whose parameters carry {@link Arg}; call it from that constructor.
     */
    protected final void saveHyperparameters(Object... values) {
        this.hparams = HyperParameters.capture(getClass(), values);
    }

    /** Sets where the module runs (called by the Trainer and its workers); returns the previous context. */
    public final ModuleContext attach(ModuleContext newContext) {
        ModuleContext previous = this.context;
        this.context = newContext;
        return previous;
    }

    /** The context the module runs in; fails before the Trainer attached one. */
    public final ModuleContext context() {
        if (context == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not attached to a Trainer yet");
        }
        return context;
    }
}

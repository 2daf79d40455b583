package io.sparkbolt.trainer.api;

import io.sparkbolt.trainer.network.Network;

/**
 * What a {@link LightningModule} sees of where it runs: set by the Trainer on the driver and by
 * the worker that runs its steps. Users do not implement this.
 */
public interface ModuleContext {

    /** The network being trained. */
    Network network();

    /** The split whose batches are running (training, validation, ...). */
    Split split();

    /** The current epoch, 0-based. */
    int currentEpoch();

    /** Optimiser steps taken so far. */
    long globalStep();

    /** Size of the batch being processed, the weight of logged values; 1 outside a batch. */
    int currentBatchSize();

    /** Records a logged value. */
    void log(String name, double value, LogOptions options);

    /** The data's shape as the DataModule declares it, if it does. */
    java.util.Optional<DataShape> dataShape();
}

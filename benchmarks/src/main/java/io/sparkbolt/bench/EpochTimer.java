package io.sparkbolt.bench;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.callbacks.Callback;
import java.util.ArrayList;
import java.util.List;

/** Seconds from each training epoch's start hook to its end hook. */
final class EpochTimer implements Callback {
    private final List<Double> seconds = new ArrayList<>();
    private long start;

    @Override
    public void onTrainEpochStart(Trainer trainer, LightningModule module) {
        start = System.nanoTime();
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        seconds.add((System.nanoTime() - start) / 1e9);
    }

    List<Double> seconds() {
        return seconds;
    }
}

package io.sparkbolt.submit.cluster;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Callback;

/** A user's callback, shipped with --jars, that records by process where its hooks ran. */
public final class RecordingCallback implements Callback {
    private final String eventsDir;

    public RecordingCallback(@Arg("eventsDir") String eventsDir) {
        this.eventsDir = eventsDir;
    }

    @Override
    public void onFitStart(Trainer trainer, LightningModule module) {
        ClusterEvents.record(eventsDir, "callback");
    }

    @Override
    public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
        ClusterEvents.record(eventsDir, "callback");
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        ClusterEvents.record(eventsDir, "callback");
    }
}

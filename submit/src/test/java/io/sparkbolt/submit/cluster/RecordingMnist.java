package io.sparkbolt.submit.cluster;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Stage;

/** MNIST that records, by process, every prepareData and setup call: a user's own data module, shipped with --jars. */
public final class RecordingMnist extends WrappedMnist {
    private final String eventsDir;

    public RecordingMnist(@Arg("dir") String dir, @Arg("batchSize") int batchSize, @Arg("numShards") int numShards,
                          @Arg("eventsDir") String eventsDir) {
        super(new MnistDataModule(dir, batchSize, 5000, MnistDataModule.DEFAULT_URL, 42, numShards));
        this.eventsDir = eventsDir;
        saveHyperparameters(dir, batchSize, numShards, eventsDir);
    }

    @Override
    public void prepareData() {
        ClusterEvents.record(eventsDir, "prepareData-" + context().stage().label());
        super.prepareData();
    }

    @Override
    public void setup(Stage stage) {
        ClusterEvents.record(eventsDir, "setup-" + stage.label());
        super.setup(stage);
    }
}

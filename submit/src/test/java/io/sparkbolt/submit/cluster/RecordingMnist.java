package io.sparkbolt.submit.cluster;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** MNIST that records, by process, every prepareData and setup call: a user's own data module, shipped with --jars. */
public final class RecordingMnist extends DataModule {
    private final MnistDataModule mnist;
    private final String eventsDir;

    public RecordingMnist(@Arg("dir") String dir, @Arg("batchSize") int batchSize, @Arg("numShards") int numShards,
                          @Arg("eventsDir") String eventsDir) {
        this.mnist = new MnistDataModule(dir, batchSize, 5000, MnistDataModule.DEFAULT_URL, 42, numShards);
        this.eventsDir = eventsDir;
        saveHyperparameters(dir, batchSize, numShards, eventsDir);
    }

    @Override
    public void prepareData() {
        ClusterEvents.record(eventsDir, "prepareData-" + context().stage().label());
        mnist.attach(context());
        mnist.prepareData();
    }

    @Override
    public void setup(Stage stage) {
        ClusterEvents.record(eventsDir, "setup-" + stage.label());
        mnist.setup(stage);
    }

    @Override
    public int batchSize() {
        return mnist.batchSize();
    }

    @Override
    public Optional<DataShape> shape() {
        return mnist.shape();
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        return mnist.shards(split);
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        return mnist.open(shard, read);
    }
}

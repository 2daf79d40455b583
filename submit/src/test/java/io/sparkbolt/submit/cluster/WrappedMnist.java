package io.sparkbolt.submit.cluster;

import io.sparkbolt.data.MnistDataModule;
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

/** A user's own data module that reads MNIST through {@link MnistDataModule}; subclasses add what the test watches. */
abstract class WrappedMnist extends DataModule {
    private final MnistDataModule mnist;

    WrappedMnist(MnistDataModule mnist) {
        this.mnist = mnist;
    }

    @Override
    public void prepareData() {
        mnist.attach(context());
        mnist.prepareData();
    }

    @Override
    public void setup(Stage stage) {
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

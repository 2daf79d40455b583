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

/** MNIST behind an access token, as a data module reading from a secured store would take one: a secret hyper-parameter. */
public final class TokenMnist extends DataModule {
    private final MnistDataModule mnist;

    public TokenMnist(@Arg("dir") String dir, @Arg("batchSize") int batchSize, @Arg("accessToken") String accessToken) {
        this.mnist = new MnistDataModule(dir, batchSize);
        saveHyperparameters(dir, batchSize, accessToken);
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

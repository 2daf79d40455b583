package io.sparkbolt.submit.cluster;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.api.Arg;

/** MNIST behind an access token, as a data module reading from a secured store would take one: a secret hyper-parameter. */
public final class TokenMnist extends WrappedMnist {

    public TokenMnist(@Arg("dir") String dir, @Arg("batchSize") int batchSize, @Arg("accessToken") String accessToken) {
        super(new MnistDataModule(dir, batchSize));
        saveHyperparameters(dir, batchSize, accessToken);
    }
}

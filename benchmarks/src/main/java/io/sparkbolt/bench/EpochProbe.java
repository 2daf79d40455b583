package io.sparkbolt.bench;

import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.util.List;

/**
 * Prints {@code epoch_seconds=S} for one quiet Trainer epoch of the MNIST MLP. {@code benchmarks/run
 * threads} starts it in fresh JVMs under different {@code OMP_NUM_THREADS}, which ND4J reads only
 * at start-up. Argument: the MNIST directory.
 */
public final class EpochProbe {
    private EpochProbe() {
    }

    public static void main(String[] args) {
        EpochTimer timer = new EpochTimer();
        Trainer trainer = Trainer.builder().maxEpochs(2).seed(42)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .numSanityValSteps(0).limitValBatches(0).callbacks(timer).build();
        trainer.fit(new MlpClassifier(List.of(256, 128), 1e-3), new MnistDataModule(args[0], 64));
        // the first epoch warms the JIT; report the second
        System.out.printf("epoch_seconds=%.3f%n", timer.seconds().get(1));
    }
}

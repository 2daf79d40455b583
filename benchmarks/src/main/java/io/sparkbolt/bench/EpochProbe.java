package io.sparkbolt.bench;

import io.sparkbolt.averaging.ParameterAveraging;
import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.Strategies;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.data.MnistDataModule;
import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.models.MlpClassifier;
import java.util.List;

/**
 * Prints {@code epoch_seconds=S} for one quiet Trainer epoch of the MNIST MLP, as a user's Java
 * {@code main} runs it. {@code benchmarks/run threads} starts it in fresh JVMs with
 * {@code OMP_NUM_THREADS} unset (the Trainer sizes ND4J's threads itself), 1 and 2 (ND4J's own
 * default on a two-core machine). Arguments: the MNIST directory, and {@code local} (default) or
 * {@code parameter-averaging} (two workers on {@code local[2]}, K = 32).
 */
public final class EpochProbe {
    private EpochProbe() {
    }

    public static void main(String[] args) {
        EpochTimer timer = new EpochTimer();
        Strategy strategy = args.length > 1 && args[1].equals("parameter-averaging")
                ? ParameterAveraging.builder().spark(SparkSettings.local(2)).numWorkers(2).averagingFrequency(32).build()
                : Strategies.local();
        Trainer trainer = Trainer.builder().maxEpochs(2).seed(42).strategy(strategy)
                .enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false).loggers(List.of())
                .numSanityValSteps(0).limitValBatches(0).callbacks(timer).build();
        trainer.fit(new MlpClassifier(List.of(256, 128), 1e-3), new MnistDataModule(args[0], 64));
        // the first epoch warms the JIT; report the second
        System.out.printf("epoch_seconds=%.3f%n", timer.seconds().get(1));
    }
}

package io.sparkbolt.ddp;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.strategy.Strategies;
import io.sparkbolt.trainer.strategy.Strategy;
import io.sparkbolt.trainer.testing.TinyModel;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The equivalence check of {@code ddp}: 2 workers × batch 8 against the local loop with batch 16
 * over the same examples ({@link PairedData}), 50 SGD steps, compared parameter by parameter. One
 * definition for {@code DdpTest} (which asserts the figure) and {@code benchmarks/run ddp} (which
 * reports it). Needs an active Spark context with at least two task slots.
 */
public final class DdpEquivalence {
    /** Examples per worker: 50 steps of 8. */
    private static final int PER_WORKER = 400;
    private static final int BATCH = 8;

    private DdpEquivalence() {
    }

    /** Runs both fits and returns the largest relative difference between their parameters. */
    public static double maxRelativeDifferenceAfter50SgdSteps() {
        INDArray distributed = fit(Ddp.builder().numWorkers(2).segmentSteps(10).timeoutSeconds(30).build(), false);
        INDArray local = fit(Strategies.local(), true);
        return maxRelativeDifference(distributed, local);
    }

    /**
     * The largest |a − b| / max(|a|, |b|) over all entries; magnitudes under 1e-3 count as 1e-3 so
     * parameters near zero compare absolutely rather than blowing up the ratio.
     */
    public static double maxRelativeDifference(INDArray a, INDArray b) {
        float[] x = a.data().asFloat();
        float[] y = b.data().asFloat();
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1e-3, Math.max(Math.abs(x[i]), Math.abs(y[i]))));
        }
        return worst;
    }

    private static INDArray fit(Strategy strategy, boolean merged) {
        Trainer trainer = Trainer.builder().enableProgressBar(false).enableModelSummary(false).enableCheckpointing(false)
                .loggers(List.of()).numSanityValSteps(0).seed(5).maxEpochs(1).strategy(strategy).build();
        trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new PairedData(2, PER_WORKER, BATCH, merged));
        return trainer.network().params().dup();
    }
}

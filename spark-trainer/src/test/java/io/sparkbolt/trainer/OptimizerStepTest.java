package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.GradientClipAlgorithm;
import io.sparkbolt.trainer.api.Interval;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.network.Networks;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The Trainer's optimiser step: accumulation, clipping, and reproducibility. */
class OptimizerStepTest {

    private static INDArray fit(TrainerBuilder builder, TinyModel model, SyntheticData data) {
        Trainer trainer = builder.limitValBatches(0).build();
        trainer.fit(model, data);
        return trainer.network().params().dup();
    }

    private static INDArray initialParams(long seed) {
        TinyModel model = new TinyModel(Optimizers.sgd(1.0));
        Network network = Networks.build(model.configureNetwork(), model.configureOptimizers(), seed, null);
        return network.params().dup();
    }

    @Test
    void accumulatingTwoBatchesEqualsOneBatchTwiceTheSize() {
        INDArray accumulated = fit(TestTrainers.quiet().maxEpochs(2).accumulateGradBatches(2),
                new TinyModel(Optimizers.sgd(0.1)), new SyntheticData(8, 64, 32, 1));
        INDArray doubled = fit(TestTrainers.quiet().maxEpochs(2),
                new TinyModel(Optimizers.sgd(0.1)), new SyntheticData(16, 64, 32, 1));
        assertTrue(accumulated.equalsWithEps(doubled, 1e-5), "accumulation over 2×8 should match batches of 16");
        INDArray unaccumulated = fit(TestTrainers.quiet().maxEpochs(2),
                new TinyModel(Optimizers.sgd(0.1)), new SyntheticData(8, 64, 32, 1));
        assertFalse(unaccumulated.equalsWithEps(doubled, 1e-5), "the comparison can tell the difference");
    }

    @Test
    void clippingByNormBoundsTheStep() {
        double clip = 1e-3;
        INDArray start = initialParams(7);
        INDArray clipped = fit(TestTrainers.quiet().maxSteps(1).gradientClipVal(clip),
                new TinyModel(Optimizers.sgd(1.0)), SyntheticData.small());
        INDArray free = fit(TestTrainers.quiet().maxSteps(1), new TinyModel(Optimizers.sgd(1.0)), SyntheticData.small());
        assertEquals(clip, clipped.sub(start).norm2Number().doubleValue(), 1e-6, "an SGD step of lr 1 moves by the clipped norm");
        assertTrue(free.sub(start).norm2Number().doubleValue() > 10 * clip);
    }

    @Test
    void clippingByValueBoundsEachParameterMove() {
        double clip = 1e-4;
        INDArray start = initialParams(7);
        INDArray clipped = fit(TestTrainers.quiet().maxSteps(1).gradientClipVal(clip).gradientClipAlgorithm(GradientClipAlgorithm.VALUE),
                new TinyModel(Optimizers.sgd(1.0)), SyntheticData.small());
        double largest = Transforms.abs(clipped.sub(start)).maxNumber().doubleValue();
        assertEquals(clip, largest, 1e-7, "the largest move is the clip value");
    }

    @Test
    void sameSeedGivesBitIdenticalParameters() {
        INDArray first = fit(TestTrainers.quiet().maxEpochs(2).seed(11), new TinyModel(Optimizers.adam(0.01), 0.7), SyntheticData.small());
        INDArray second = fit(TestTrainers.quiet().maxEpochs(2).seed(11), new TinyModel(Optimizers.adam(0.01), 0.7), SyntheticData.small());
        INDArray other = fit(TestTrainers.quiet().maxEpochs(2).seed(12), new TinyModel(Optimizers.adam(0.01), 0.7), SyntheticData.small());
        assertArrayEquals(first.data().asFloat(), second.data().asFloat());
        assertFalse(first.equalsWithEps(other, 1e-6));
    }

    @Test
    void epochScheduleChangesTheLearningRateBetweenEpochsOnly() {
        // factor 0 after one epoch: the second epoch must not move the parameters, the first must
        Optimizers frozenAfterEpoch0 = Optimizers.sgd(0.5).stepDecay(0.0, 1, Interval.EPOCH);
        INDArray oneEpoch = fit(TestTrainers.quiet().maxEpochs(1), new TinyModel(frozenAfterEpoch0), SyntheticData.small());
        INDArray twoEpochs = fit(TestTrainers.quiet().maxEpochs(2), new TinyModel(frozenAfterEpoch0), SyntheticData.small());
        assertArrayEquals(oneEpoch.data().asFloat(), twoEpochs.data().asFloat());
        assertFalse(oneEpoch.equalsWithEps(initialParams(7), 1e-6));
    }

    @Test
    void stepScheduleChangesTheLearningRateEveryStep() {
        Optimizers frozenAfterStep0 = Optimizers.sgd(0.5).stepDecay(0.0, 1, Interval.STEP);
        INDArray oneStep = fit(TestTrainers.quiet().maxSteps(1), new TinyModel(frozenAfterStep0), SyntheticData.small());
        INDArray fiveSteps = fit(TestTrainers.quiet().maxSteps(5), new TinyModel(frozenAfterStep0), SyntheticData.small());
        assertArrayEquals(oneStep.data().asFloat(), fiveSteps.data().asFloat());
    }

    @Test
    void deterministicIsAcceptedByTheLocalStrategy() {
        Trainer trainer = TestTrainers.quiet().deterministic(true).build();
        assertTrue(trainer.settings().reproducibility().deterministic());
    }
}

package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Flags the Trainer cannot honour, and bad data, fail with one clear line. */
class BadInputTest {

    static Stream<Arguments> badFlags() {
        return Stream.of(
                Arguments.of("maxEpochs", (Supplier<Object>) () -> Trainer.builder().maxEpochs(-2)),
                Arguments.of("minEpochs", (Supplier<Object>) () -> Trainer.builder().minEpochs(-1)),
                Arguments.of("minEpochs=5 exceeds maxEpochs=2", (Supplier<Object>) () -> Trainer.builder().maxEpochs(2).minEpochs(5).build()),
                Arguments.of("maxSteps", (Supplier<Object>) () -> Trainer.builder().maxSteps(-3)),
                Arguments.of("maxTime", (Supplier<Object>) () -> Trainer.builder().maxTime(Duration.ZERO)),
                Arguments.of("limitTrainBatches", (Supplier<Object>) () -> Trainer.builder().limitTrainBatches(1.5)),
                Arguments.of("limitValBatches", (Supplier<Object>) () -> Trainer.builder().limitValBatches(-1)),
                Arguments.of("valCheckInterval", (Supplier<Object>) () -> Trainer.builder().valCheckInterval(0.0)),
                Arguments.of("valCheckInterval", (Supplier<Object>) () -> Trainer.builder().valCheckInterval(0)),
                Arguments.of("checkValEveryNEpoch", (Supplier<Object>) () -> Trainer.builder().checkValEveryNEpoch(0)),
                Arguments.of("numSanityValSteps", (Supplier<Object>) () -> Trainer.builder().numSanityValSteps(-2)),
                Arguments.of("fastDevRun", (Supplier<Object>) () -> Trainer.builder().fastDevRun(-1)),
                Arguments.of("overfitBatches", (Supplier<Object>) () -> Trainer.builder().overfitBatches(2.0)),
                Arguments.of("accumulateGradBatches", (Supplier<Object>) () -> Trainer.builder().accumulateGradBatches(0)),
                Arguments.of("gradientClipVal", (Supplier<Object>) () -> Trainer.builder().gradientClipVal(Double.NaN)),
                Arguments.of("gradientClipAlgorithm", (Supplier<Object>) () -> Trainer.builder().gradientClipAlgorithm(null)),
                Arguments.of("logEveryNSteps", (Supplier<Object>) () -> Trainer.builder().logEveryNSteps(0)),
                Arguments.of("defaultRootDir", (Supplier<Object>) () -> Trainer.builder().defaultRootDir(" ")),
                Arguments.of("accelerator must be auto, cpu or gpu, got tpu", (Supplier<Object>) () -> Trainer.builder().accelerator("tpu")),
                Arguments.of("devices must be auto or a count >= 1, got two", (Supplier<Object>) () -> Trainer.builder().devices("two")),
                Arguments.of("devices", (Supplier<Object>) () -> Trainer.builder().devices(-1)),
                Arguments.of("precision must be 64, 32, 16 or bf16, got 8", (Supplier<Object>) () -> Trainer.builder().precision("8")),
                Arguments.of("precision=16-mixed: DL4J has no mixed precision", (Supplier<Object>) () -> Trainer.builder().precision("16-mixed")),
                Arguments.of("enableCheckpointing=false contradicts", (Supplier<Object>) () -> Trainer.builder()
                        .enableCheckpointing(false).callbacks(io.sparkbolt.trainer.callbacks.ModelCheckpoint.builder().build()).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFlags")
    void badFlagFailsAtBuildTimeNamingTheFlag(String flag, Supplier<Object> build) {
        SparkboltException error = assertThrows(SparkboltException.class, build::get);
        assertTrue(error.getMessage().contains(flag), error.getMessage());
        assertEquals(1, error.getMessage().lines().count(), "one line: " + error.getMessage());
    }

    @Test
    void valCheckIntervalLongerThanTheEpochFailsWhenTheFitStarts() {
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).valCheckInterval(100).build();
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> trainer.fit(new TinyModel(Optimizers.sgd(0.1)), SyntheticData.small()));
        assertTrue(error.getMessage().contains("valCheckInterval=100 is more than the 8 training batches"), error.getMessage());
    }

    @Test
    void fitWithoutTrainingDataSaysSo() {
        Trainer trainer = TestTrainers.quiet().build();
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> trainer.fit(new TinyModel(Optimizers.sgd(0.1)), new SyntheticData(8, 0, 8, 1)));
        assertTrue(error.getMessage().contains("has no train data"), error.getMessage());
    }

    @Test
    void nanLossStopsWithTheStepWhereItHappened() {
        TinyModel exploding = new TinyModel(Optimizers.sgd(0.1)) {
            @Override
            public StepOutput trainingStep(Batch batch, int batchIdx) {
                StepOutput out = super.trainingStep(batch, batchIdx);
                return batchIdx == 3 ? new StepOutput(Double.NaN, out.examples()) : out;
            }
        };
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).build();
        SparkboltException error = assertThrows(SparkboltException.class, () -> trainer.fit(exploding, SyntheticData.small()));
        assertTrue(error.getMessage().startsWith("training loss is NaN at epoch 0, batch 3 (global step 3)"), error.getMessage());
    }

    @Test
    void anInfiniteLossStopsWithTheStepWhereItHappened() {
        TinyModel exploding = new TinyModel(Optimizers.sgd(0.1)) {
            @Override
            public StepOutput trainingStep(Batch batch, int batchIdx) {
                StepOutput out = super.trainingStep(batch, batchIdx);
                return batchIdx == 2 ? new StepOutput(Double.POSITIVE_INFINITY, out.examples()) : out;
            }
        };
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> TestTrainers.quiet().maxEpochs(1).build().fit(exploding, SyntheticData.small()));
        assertTrue(error.getMessage().startsWith("training loss is Infinity at epoch 0, batch 2 (global step 2)"), error.getMessage());
    }

    @Test
    void parametersThatTurnNanStopAtTheRoundThatMadeThem() {
        TinyModel poisoning = new TinyModel(Optimizers.sgd(0.1)) {
            @Override
            public StepOutput trainingStep(Batch batch, int batchIdx) {
                StepOutput out = super.trainingStep(batch, batchIdx); // a finite loss ...
                if (batchIdx == 7) {
                    network().params().putScalar(0, Double.NaN); // ... but the epoch's last step leaves a parameter NaN
                }
                return out;
            }
        };
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> TestTrainers.quiet().maxEpochs(1).build().fit(poisoning, SyntheticData.small()));
        assertTrue(error.getMessage().startsWith("parameters are NaN after the training round at epoch 0, batches 7..7 (global steps 8..8)"),
                error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void earlyStoppingWithCheckFiniteStopsOnANanValidationMetric() {
        TinyModel nanValidation = new TinyModel(Optimizers.sgd(0.1)) {
            @Override
            public void validationStep(Batch batch, int batchIdx) {
                log("val_loss", Double.NaN);
            }
        };
        Trainer trainer = TestTrainers.quiet().maxEpochs(5)
                .callbacks(io.sparkbolt.trainer.callbacks.EarlyStopping.builder().monitor("val_loss").build()).build();
        trainer.fit(nanValidation, SyntheticData.small());
        assertEquals(1, trainer.currentEpoch(), "stopped after the first validation");
        assertTrue(trainer.stopReason().contains("val_loss = NaN is not finite"), trainer.stopReason());
    }
}

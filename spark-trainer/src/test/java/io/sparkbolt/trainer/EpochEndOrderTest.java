package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.LogOptions;
import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.CallbackOrder;
import io.sparkbolt.trainer.callbacks.EarlyStopping;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lightning's epoch-end order: the module's epoch-end hook, then the epoch's metrics published, then
 * the callbacks that monitor them (checkpointing last); ModelCheckpoint saves after each validation
 * run when validation runs inside epochs; EarlyStopping's {@code checkOnTrainEpochEnd}.
 */
class EpochEndOrderTest {

    /** Logs {@code train_loss} per step and per epoch, and {@code epoch_score} = 10 x epoch in its epoch-end hook. */
    static final class EpochLogging extends TinyModel {
        private static final long serialVersionUID = 1L;

        EpochLogging() {
            super(Optimizers.adam(1e-2));
        }

        @Override
        public StepOutput trainingStep(Batch batch, int batchIdx) {
            StepOutput out = forwardBackward(batch);
            log("train_loss", out.loss(), LogOptions.defaults().onStep(true).onEpoch(true));
            return out;
        }

        @Override
        public void onTrainEpochEnd() {
            log("epoch_score", 10.0 * currentEpoch());
        }
    }

    /** A monitoring callback that records what it sees of two metrics at each epoch's end. */
    static final class Watcher implements Callback {
        final List<Double> scores = new ArrayList<>();
        final List<Double> trainLossEpoch = new ArrayList<>();

        @Override
        public CallbackOrder order() {
            return CallbackOrder.MONITORING;
        }

        @Override
        public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
            scores.add(trainer.callbackMetrics().get("epoch_score"));
            trainLossEpoch.add(trainer.callbackMetrics().get("train_loss_epoch"));
        }
    }

    @Test
    void monitorsSeeTheEpochJustEndedIncludingTheModulesEpochEndLogs(@TempDir Path tmp) {
        Watcher watcher = new Watcher();
        MemoryLogger logger = new MemoryLogger();
        ModelCheckpoint best = ModelCheckpoint.builder().dirPath(tmp.toString()).monitor("epoch_score").mode("max").build();
        EarlyStopping stopping = EarlyStopping.builder().monitor("train_loss_epoch").patience(5).build();
        // the checkpoint first in the list: it still runs last
        TestTrainers.quiet().enableCheckpointing(true).maxEpochs(3).limitValBatches(0).loggers(List.of(logger))
                .callbacks(best, stopping, watcher).build().fit(new EpochLogging(), SyntheticData.small());

        assertEquals(List.of(0.0, 10.0, 20.0), watcher.scores, "epoch_score seen at each epoch's end");
        List<Double> published = logger.rows().stream().filter(r -> r.metrics().containsKey("train_loss_epoch"))
                .map(r -> r.metrics().get("train_loss_epoch")).toList();
        assertEquals(published, watcher.trainLossEpoch, "train_loss_epoch seen = the value logged for that epoch");
        assertEquals(20.0, best.bestModelScore());
        assertTrue(best.bestModelPath().contains("epoch=2"), best.bestModelPath());
        assertEquals(published.stream().min(Double::compare).orElseThrow(), stopping.bestScore());
    }

    @Test
    void checkpointSavesAfterEveryMidEpochValidation(@TempDir Path tmp) throws Exception {
        MemoryLogger logger = new MemoryLogger();
        ModelCheckpoint all = ModelCheckpoint.builder().dirPath(tmp.toString()).monitor("val_loss").saveTopK(-1).build();
        TestTrainers.quiet().enableCheckpointing(true).maxEpochs(2).valCheckInterval(0.5).loggers(List.of(logger)).callbacks(all).build()
                .fit(new TinyModel(Optimizers.adam(1e-2)), SyntheticData.small());

        List<Double> valLosses = logger.rows().stream().filter(r -> r.metrics().containsKey("val_loss"))
                .map(r -> r.metrics().get("val_loss")).toList();
        assertEquals(4, valLosses.size(), "two validations per epoch");
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(4, files.filter(f -> f.toString().endsWith(".ckpt")).count(), "one checkpoint per validation run");
        }
        assertEquals(valLosses.stream().min(Double::compare).orElseThrow(), all.bestModelScore());
    }

    @Test
    void bestMidEpochModelIsKept(@TempDir Path tmp) {
        MemoryLogger logger = new MemoryLogger();
        ModelCheckpoint best = ModelCheckpoint.builder().dirPath(tmp.toString()).monitor("val_loss").build();
        TestTrainers.quiet().enableCheckpointing(true).maxEpochs(1).valCheckInterval(0.25).loggers(List.of(logger)).callbacks(best).build()
                .fit(new TinyModel(Optimizers.adam(1e-2)), SyntheticData.small());
        List<MemoryLogger.Row> validations = logger.rows().stream().filter(r -> r.metrics().containsKey("val_loss")).toList();
        MemoryLogger.Row bestRow = validations.stream().min((a, b) -> Double.compare(a.metrics().get("val_loss"), b.metrics().get("val_loss")))
                .orElseThrow();
        assertEquals(4, validations.size());
        assertEquals(bestRow.metrics().get("val_loss"), best.bestModelScore());
        assertTrue(best.bestModelPath().contains("step=" + bestRow.step()), best.bestModelPath() + " for step " + bestRow.step());
    }

    @Test
    void saveOnTrainEpochEndTrueSavesOncePerEpochDespiteMidEpochValidation(@TempDir Path tmp) throws Exception {
        ModelCheckpoint all = ModelCheckpoint.builder().dirPath(tmp.toString()).monitor("val_loss").saveTopK(-1)
                .saveOnTrainEpochEnd(true).build();
        TestTrainers.quiet().enableCheckpointing(true).maxEpochs(2).valCheckInterval(0.5).callbacks(all).build()
                .fit(new TinyModel(Optimizers.adam(1e-2)), SyntheticData.small());
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(2, files.filter(f -> f.toString().endsWith(".ckpt")).count());
        }
    }

    @Test
    void earlyStoppingChecksWhereLightningDoes() {
        EarlyStopping atEpochEnd = new EarlyStopping("val_loss", "min", 3);
        TestTrainers.quiet().maxEpochs(1).callbacks(atEpochEnd).build().fit(new TinyModel(Optimizers.adam(1e-2)), SyntheticData.small());
        assertTrue(atEpochEnd.checksAtTrainEpochEnd(), "validation once per epoch end: check at the epoch's end");

        EarlyStopping afterValidation = new EarlyStopping("val_loss", "min", 3);
        TestTrainers.quiet().maxEpochs(1).valCheckInterval(0.5).callbacks(afterValidation).build()
                .fit(new TinyModel(Optimizers.adam(1e-2)), SyntheticData.small());
        assertFalse(afterValidation.checksAtTrainEpochEnd(), "validation inside epochs: check after each validation");
    }

    @Test
    void checkOnTrainEpochEndDecidesWhetherATrainingMetricCanBeMonitoredWithMidEpochValidation() {
        // after each validation (the default here), the first mid-epoch check finds no epoch-level training metric yet
        EarlyStopping afterValidation = EarlyStopping.builder().monitor("train_loss_epoch").build();
        SparkboltException error = org.junit.jupiter.api.Assertions.assertThrows(SparkboltException.class, () ->
                TestTrainers.quiet().maxEpochs(2).valCheckInterval(0.5).callbacks(afterValidation).build()
                        .fit(new EpochLogging(), SyntheticData.small()));
        assertTrue(error.getMessage().contains("'train_loss_epoch' was not logged"), error.getMessage());

        EarlyStopping atEpochEnd = EarlyStopping.builder().monitor("train_loss_epoch").checkOnTrainEpochEnd(true)
                .stoppingThreshold(1e9).build();
        Trainer trainer = TestTrainers.quiet().maxEpochs(3).valCheckInterval(0.5).callbacks(atEpochEnd).build();
        trainer.fit(new EpochLogging(), SyntheticData.small());
        // any loss is below the threshold: stops at the first check, the end of epoch 0
        assertEquals(1, trainer.currentEpoch());
    }
}

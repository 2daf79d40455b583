package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.callbacks.EarlyStopping;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.loggers.CsvLogger;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume on the local strategy: a fit interrupted at an epoch's end or in the middle of an
 * epoch and continued from its checkpoint ends with the same bits, and logs the same rows, as a
 * fit that was never interrupted. The model uses dropout and the data is shuffled, so random
 * state matters.
 */
class ResumeTest {

    private static TinyModel model() {
        return new TinyModel(Optimizers.adam(0.01), 0.8);
    }

    private static SyntheticData data() {
        return new SyntheticData(8, 96, 32, 2);
    }

    private static TrainerBuilder trainer(int maxEpochs, Logger logger, Callback... callbacks) {
        return TestTrainers.quiet().maxEpochs(maxEpochs).logEveryNSteps(1).valCheckInterval(5)
                .enableCheckpointing(true).loggers(List.of(logger)).callbacks(callbacks);
    }

    /** Throws at the start of the batch after {@code step} optimiser steps: a crash in the middle of a fit. */
    private static Callback crashAfter(long step) {
        return new Callback() {
            @Override
            public void onTrainBatchStart(Trainer trainer, io.sparkbolt.trainer.api.LightningModule module, int batchIdx) {
                if (trainer.globalStep() == step) {
                    throw new IllegalStateException("simulated crash at step " + step);
                }
            }
        };
    }

    @Test
    void resumeAtAnEpochBoundaryEndsBitIdentical(@TempDir Path tmp) {
        MemoryLogger fullLog = new MemoryLogger();
        Trainer full = trainer(3, fullLog, checkpoints(tmp.resolve("full"))).build();
        full.fit(model(), data());

        MemoryLogger log = new MemoryLogger();
        Trainer first = trainer(1, log, checkpoints(tmp.resolve("split"))).build();
        first.fit(model(), data());
        Trainer second = trainer(3, log, checkpoints(tmp.resolve("split"))).build();
        second.fit(model(), data(), "last");

        assertSameTraining(full, second);
        assertEquals(fullLog.rows(), log.rows(), "the rows of both halves are the rows of the uninterrupted fit");
        assertEquals(3, second.currentEpoch());
    }

    @Test
    void resumeInTheMiddleOfAnEpochEndsBitIdentical(@TempDir Path tmp) throws Exception {
        Path fullLogs = tmp.resolve("full-logs");
        Trainer full = trainer(2, new CsvLogger(fullLogs.toString()), everySteps(tmp.resolve("full"), 4)).build();
        full.fit(model(), data());

        Path logs = tmp.resolve("logs");
        Trainer crashed = trainer(2, new CsvLogger(logs.toString()), crashAfter(7), everySteps(tmp.resolve("split"), 4)).build();
        assertThrows(IllegalStateException.class, () -> crashed.fit(model(), data()));
        assertEquals(7, crashed.globalStep(), "crashed after step 7, past the checkpoint at step 4");

        Trainer resumed = trainer(2, new CsvLogger(logs.toString()), everySteps(tmp.resolve("split"), 4)).build();
        resumed.fit(model(), data(), "last");

        assertSameTraining(full, resumed);
        assertEquals(0, resumed.getLoggers().get(0).version(), "the resumed fit continues the checkpoint's log version");
        assertEquals(Files.readString(fullLogs.resolve("sparkbolt_logs/version_0/metrics.csv")),
                Files.readString(logs.resolve("sparkbolt_logs/version_0/metrics.csv")),
                "metrics.csv reads as one uninterrupted fit");
    }

    @Test
    void resumeRestoresCallbackStateAndTopK(@TempDir Path tmp) {
        ModelCheckpoint fullCheckpoints = topTwo(tmp.resolve("full"));
        EarlyStopping fullStopping = EarlyStopping.builder().monitor("val_loss").patience(10).build();
        Trainer full = trainer(4, new MemoryLogger(), fullStopping, fullCheckpoints).build();
        full.fit(model(), data());

        Trainer first = trainer(2, new MemoryLogger(), new EarlyStopping("val_loss", "min", 10), topTwo(tmp.resolve("split"))).build();
        first.fit(model(), data());
        ModelCheckpoint resumedCheckpoints = topTwo(tmp.resolve("split"));
        EarlyStopping resumedStopping = new EarlyStopping("val_loss", "min", 10);
        Trainer second = trainer(4, new MemoryLogger(), resumedStopping, resumedCheckpoints).build();
        second.fit(model(), data(), "last");

        assertSameTraining(full, second);
        assertEquals(fullStopping.bestScore(), resumedStopping.bestScore());
        assertEquals(fullStopping.waitCount(), resumedStopping.waitCount());
        assertEquals(names(fullCheckpoints.bestKModels()), names(resumedCheckpoints.bestKModels()));
        assertEquals(fullCheckpoints.bestKModels().values().stream().toList(), resumedCheckpoints.bestKModels().values().stream().toList());
        assertEquals(names(fullCheckpoints.bestKModels()), ckptFiles(tmp.resolve("split")), "files beyond the top 2 were deleted, across the resume");
        assertEquals(fileName(fullCheckpoints.bestModelPath()), fileName(resumedCheckpoints.bestModelPath()));
    }

    @Test
    void validateAndTestTakeACheckpoint(@TempDir Path tmp) {
        Trainer trained = trainer(2, new MemoryLogger(), checkpoints(tmp)).build();
        TinyModel module = model();
        trained.fit(module, data());
        Map<String, Double> expected = trained.test(module, data());

        Trainer fresh = TestTrainers.quiet().build();
        String last = ((ModelCheckpoint) trained.callbacks().get(0)).lastCheckpoint();
        assertEquals(expected, fresh.test(model(), data(), last));
        assertEquals(trained.validate(module, data()), fresh.validate(model(), data(), last));
        assertEquals(trained.predict(module, data()), fresh.predict(model(), data(), last));
    }

    @Test
    void aCheckpointPastMaxEpochsSaysSo(@TempDir Path tmp) {
        Trainer trained = trainer(2, new MemoryLogger(), checkpoints(tmp)).build();
        trained.fit(model(), data());
        String last = ((ModelCheckpoint) trained.callbacks().get(0)).lastCheckpoint();
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> trainer(2, new MemoryLogger(), checkpoints(tmp)).build().fit(model(), data(), last));
        assertTrue(error.getMessage().contains("past epoch 1") && error.getMessage().contains("maxEpochs=2"), error.getMessage());
    }

    @Test
    void lastWithoutAnyCheckpointStartsFresh(@TempDir Path tmp) {
        Trainer trainer = trainer(1, new MemoryLogger(), checkpoints(tmp)).build();
        trainer.fit(model(), data(), "last");
        assertEquals(1, trainer.currentEpoch());
    }

    private static void assertSameTraining(Trainer expected, Trainer actual) {
        assertArrayEquals(expected.network().params().data().asFloat(), actual.network().params().data().asFloat(),
                "parameters bit-identical");
        assertArrayEquals(expected.network().updaterState().data().asFloat(), actual.network().updaterState().data().asFloat(),
                "optimiser state bit-identical");
        assertEquals(expected.globalStep(), actual.globalStep());
        assertEquals(expected.callbackMetrics(), actual.callbackMetrics());
    }

    /** Saves at every epoch's end (validation runs inside epochs here, where a checkpoint would save by default). */
    private static ModelCheckpoint checkpoints(Path dir) {
        return ModelCheckpoint.builder().dirPath(dir.toString()).saveTopK(-1).saveOnTrainEpochEnd(true).build();
    }

    private static ModelCheckpoint everySteps(Path dir, long steps) {
        return ModelCheckpoint.builder().dirPath(dir.toString()).everyNTrainSteps(steps).saveTopK(-1).build();
    }

    private static ModelCheckpoint topTwo(Path dir) {
        return ModelCheckpoint.builder().dirPath(dir.toString()).monitor("val_loss").mode("min").saveTopK(2)
                .filename("{epoch}-{val_loss:.4f}").build();
    }

    private static List<String> names(Map<String, Double> models) {
        return models.keySet().stream().map(ResumeTest::fileName).sorted().toList();
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static List<String> ckptFiles(Path dir) {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

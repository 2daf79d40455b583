package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.loggers.CsvLogger;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.testing.LogCapture;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which checkpoint {@code --ckptPath last} takes when a root holds several runs or a bad newest
 * file, and how runs started together in one root keep to their own version directories.
 */
class CheckpointSelectionTest {
    private static final int STEPS_PER_EPOCH = 8;

    private static Trainer fit(int maxEpochs, Logger logger, ModelCheckpoint checkpoint, String ckptPath) {
        Trainer trainer = TestTrainers.quiet().maxEpochs(maxEpochs).enableCheckpointing(true).loggers(List.of(logger))
                .callbacks(checkpoint != null ? new ModelCheckpoint[] {checkpoint} : new ModelCheckpoint[0]).build();
        trainer.fit(new TinyModel(Optimizers.adam(0.01)), SyntheticData.small(), ckptPath);
        return trainer;
    }

    @Test
    void lastResumesTheNewestRunsVersionNotAnotherRunsHigherStep(@TempDir Path root) {
        fit(3, new CsvLogger(root.toString()), null, null); // version_0: a finished run, to step 24
        Trainer crashedRun = fit(1, new CsvLogger(root.toString()), null, null); // version_1: a new run, stopped at step 8
        assertEquals(1, crashedRun.getLoggers().get(0).version());

        Trainer resumed = fit(2, new CsvLogger(root.toString()), null, "last");
        assertEquals(1, resumed.getLoggers().get(0).version(), "continues version_1, the newest run");
        assertEquals(2L * STEPS_PER_EPOCH, resumed.globalStep(), "from version_1's step 8, not version_0's step 24");
    }

    @Test
    void lastWithAFixedVersionResumesThatVersion(@TempDir Path root) {
        fit(1, new CsvLogger(root.toString()), null, null);
        fit(1, new CsvLogger(root.toString()), null, null);
        Trainer resumed = fit(2, new CsvLogger(root.toString(), "sparkbolt_logs", 0), null, "last");
        assertEquals(0, resumed.getLoggers().get(0).version());
        assertEquals(2L * STEPS_PER_EPOCH, resumed.globalStep());
        assertTrue(Files.exists(root.resolve("sparkbolt_logs/version_0/checkpoints/epoch=1-step=16.ckpt")), "written into version_0");
    }

    @Test
    void aCorruptNewestCheckpointGivesWayToThePreviousGoodOneWithAWarningNamingBoth(@TempDir Path dir) throws Exception {
        fit(2, new MemoryLogger(), everyEpoch(dir), null);
        Path newest = dir.resolve("epoch=1-step=16.ckpt");
        Path previous = dir.resolve("epoch=0-step=8.ckpt");
        try (RandomAccessFile file = new RandomAccessFile(newest.toFile(), "rw")) {
            file.seek(file.length() / 2); // inside the parameters: its state still reads, its checksum fails
            int b = file.read();
            file.seek(file.length() / 2);
            file.write(b ^ 0xFF);
        }
        Trainer resumed;
        try (LogCapture log = new LogCapture()) {
            resumed = fit(3, new MemoryLogger(), everyEpoch(dir), "last");
            List<String> warnings = log.containing("cannot be used");
            assertEquals(1, warnings.size(), "one warning: " + warnings);
            String warning = warnings.get(0);
            assertTrue(warning.startsWith("WARN") && warning.contains(newest.toString()) && warning.contains(previous.toString()), warning);
        }
        assertEquals(3L * STEPS_PER_EPOCH, resumed.globalStep(), "resumed at step 8, then trained epochs 1 and 2");
    }

    @Test
    void whenNoCheckpointCanBeUsedLastFailsWithOneLine(@TempDir Path dir) throws Exception {
        fit(1, new MemoryLogger(), everyEpoch(dir), null);
        Files.write(dir.resolve("epoch=0-step=8.ckpt"), new byte[] {1, 2, 3});
        SparkboltException error = assertThrows(SparkboltException.class, () -> fit(2, new MemoryLogger(), everyEpoch(dir), "last"));
        assertTrue(error.getMessage().contains("can be read") && error.getMessage().contains("epoch=0-step=8.ckpt"), error.getMessage());
        assertEquals(1, error.getMessage().lines().count());
    }

    @Test
    void runsStartingTogetherInOneRootGetVersionsOfTheirOwn(@TempDir Path root) throws Exception {
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> versions = new java.util.ArrayList<>();
        for (int i = 0; i < runs; i++) {
            versions.add(pool.submit(() -> {
                start.await();
                return new CsvLogger(root.toString()).version();
            }));
        }
        start.countDown();
        java.util.Set<Integer> distinct = ConcurrentHashMap.newKeySet();
        for (Future<Integer> version : versions) {
            distinct.add(version.get(30, TimeUnit.SECONDS));
        }
        pool.shutdownNow();
        assertEquals(runs, distinct.size(), "every run its own version: " + distinct);
    }

    private static ModelCheckpoint everyEpoch(Path dir) {
        return ModelCheckpoint.builder().dirPath(dir.toString()).saveTopK(-1).saveOnTrainEpochEnd(true).build();
    }
}

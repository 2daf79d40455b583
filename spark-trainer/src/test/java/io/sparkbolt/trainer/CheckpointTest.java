package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.callbacks.MonitorMode;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.checkpoint.CheckpointState;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.storage.Storage;
import io.sparkbolt.trainer.testing.CopyingFileSystem;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.SyntheticData;
import io.sparkbolt.trainer.testing.TinyModel;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files: what they hold, how ModelCheckpoint names and keeps them, and how bad ones are refused. */
class CheckpointTest {

    private static Trainer fitWith(ModelCheckpoint checkpoint, int epochs) {
        Trainer trainer = TestTrainers.quiet().maxEpochs(epochs).enableCheckpointing(true)
                .loggers(List.of(new MemoryLogger())).callbacks(checkpoint).build();
        trainer.fit(new TinyModel(Optimizers.adam(0.01)), SyntheticData.small());
        return trainer;
    }

    private static Path trainedCheckpoint(Path dir) {
        ModelCheckpoint checkpoint = ModelCheckpoint.builder().dirPath(dir.toString()).build();
        fitWith(checkpoint, 1);
        return Path.of(Storage.path(checkpoint.lastCheckpoint()).toUri());
    }

    @Test
    void stateHoldsCountersProvenanceAndAChecksumBesideDl4jEntries(@TempDir Path dir) throws Exception {
        Path file = trainedCheckpoint(dir);
        CheckpointState state = CheckpointIO.read(Storage.path(file.toString())).state();
        assertEquals(CheckpointState.FORMAT, state.format());
        assertEquals(8, state.globalStep());
        assertTrue(state.progress().epochEnded());
        assertEquals(7, state.seed());
        Map<String, Object> provenance = state.provenance();
        assertEquals("1.0.0-M2.1", provenance.get("deeplearning4j"));
        assertEquals(System.getProperty("java.version"), provenance.get("java"));
        assertTrue(provenance.containsKey("sparkbolt") && provenance.containsKey("spark"), provenance.toString());
        assertEquals(SyntheticData.class.getName(), state.data().module());

        // the JSON keeps format 1's layout: what earlier releases wrote reads back, and tools reading the JSON keep working
        Map<String, Object> json = stateJson(file);
        assertEquals(List.of("format", "savedAt", "weightsOnly", "epoch", "globalStep", "progress", "stop", "elapsedSeconds", "seed",
                "rng", "strategy", "module", "hparams", "data", "datamodule", "callbacks", "callbackMetrics", "loggers", "config",
                "provenance"), List.copyOf(json.keySet()));
        assertEquals(Map.of("epoch", 0, "globalStep", 8, "batchInEpoch", 8, "totalBatches", 8, "examplesSeen", 64,
                "epochEnded", true, "roundInEpoch", 0), json.get("progress"));
        assertThrows(UnsupportedOperationException.class, () -> state.callbacks().clear(), "a captured state is immutable");
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        assertEquals(8 * 16 + 16 + 16 * 3 + 3, restored.numParams());
    }

    @Test
    void truncatedCorruptAndForeignCheckpointsAreRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path good = trainedCheckpoint(dir.resolve("good"));
        byte[] bytes = Files.readAllBytes(good);

        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertRefused(truncated, "truncated");

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x10;
        Path corrupt = dir.resolve("corrupt.ckpt");
        Files.write(corrupt, flipped);
        assertRefused(corrupt, "corrupt");

        Path foreign = dir.resolve("foreign.ckpt");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("preprocessor.bin"));
            out.write(new byte[] {(byte) 0xAC, (byte) 0xED});
        }
        Files.write(foreign, zip.toByteArray());
        assertRefused(foreign, "preprocessor.bin");

        Path traversal = dir.resolve("traversal.ckpt");
        ByteArrayOutputStream crafted = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(crafted)) {
            out.putNextEntry(new ZipEntry("../../outside.sh"));
            out.write("echo pwned".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        Files.write(traversal, crafted.toByteArray());
        assertRefused(traversal, "has an entry Sparkbolt does not write: ../../outside.sh");
        assertFalse(Files.exists(dir.getParent().resolve("outside.sh")), "entries are read by name, never extracted");

        assertRefused(dir.resolve("missing.ckpt"), "does not exist");
    }

    private static void assertRefused(Path file, String expected) {
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> TestTrainers.quiet().maxEpochs(3).build().fit(new TinyModel(Optimizers.adam(0.01)), SyntheticData.small(), file.toString()));
        assertTrue(error.getMessage().contains(expected) && error.getMessage().contains(file.getFileName().toString()), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "one line: " + error.getMessage());
    }

    @Test
    void aCheckpointOfAnotherNetworkShapeNamesTheParameter(@TempDir Path dir) {
        Path file = trainedCheckpoint(dir);
        SparkboltException error = assertThrows(SparkboltException.class, () -> TestTrainers.quiet().maxEpochs(3).build()
                .fit(new MlpClassifier(List.of(32), 0.01), SyntheticData.small(), file.toString()));
        assertTrue(error.getMessage().contains("does not fit the module's network")
                && error.getMessage().contains("[8, 16] in the checkpoint but [8, 32]"), error.getMessage());
    }

    @Test
    void weightsOnlyCheckpointsTestButDoNotResume(@TempDir Path dir) {
        ModelCheckpoint checkpoint = ModelCheckpoint.builder().dirPath(dir.toString()).saveWeightsOnly(true).build();
        fitWith(checkpoint, 1);
        String file = checkpoint.lastCheckpoint();
        SparkboltException error = assertThrows(SparkboltException.class, () -> TestTrainers.quiet().maxEpochs(3).build()
                .fit(new TinyModel(Optimizers.adam(0.01)), SyntheticData.small(), file));
        assertTrue(error.getMessage().contains("weights only"), error.getMessage());
        Map<String, Double> metrics = TestTrainers.quiet().build().test(new TinyModel(Optimizers.adam(0.01)), SyntheticData.small(), file);
        assertTrue(metrics.containsKey("test_loss"), metrics.toString());
    }

    @Test
    void filenameTemplatesFormatLikeLightning(@TempDir Path dir) {
        ModelCheckpoint named = ModelCheckpoint.builder().dirPath(dir.toString()).monitor("val_loss").mode("min")
                .filename("{epoch:02d}-{step}-{val_loss:.3f}").saveTopK(-1).build();
        fitWith(named, 2);
        List<String> names = named.bestKModels().keySet().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
        assertEquals(2, names.size());
        assertTrue(names.get(0).matches("epoch=00-step=8-val_loss=\\d\\.\\d{3}\\.ckpt"), names.toString());
        assertTrue(names.get(1).matches("epoch=01-step=16-val_loss=\\d\\.\\d{3}\\.ckpt"), names.toString());

        ModelCheckpoint bare = ModelCheckpoint.builder().dirPath(dir.resolve("bare").toString()).filename("model-{epoch}")
                .autoInsertMetricName(false).saveLast(true).build();
        fitWith(bare, 1);
        assertTrue(bare.lastModelPath().endsWith("/bare/last.ckpt"), bare.lastModelPath());
        assertTrue(Files.exists(dir.resolve("bare/model-0.ckpt")));
    }

    @Test
    void topKKeepsTheBestByTheMonitorAndVersionsClashingNames(@TempDir Path dir) {
        ModelCheckpoint best = ModelCheckpoint.builder().dirPath(dir.toString()).monitor("val_acc").mode(MonitorMode.MAX).saveTopK(2)
                .filename("same").build();
        fitWith(best, 4);
        assertEquals(2, best.bestKModels().size());
        double kept = best.bestKModels().values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertEquals(best.bestKModels().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow(), best.bestModelScore());
        assertTrue(kept <= best.bestModelScore());
        try (var files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ckpt")).sorted().toList();
            assertEquals(2, names.size(), names.toString());
            assertTrue(names.stream().allMatch(n -> n.matches("same(-v\\d)?\\.ckpt")), names.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void badModelCheckpointSettingsFailAtConstruction() {
        assertMessage("mutually exclusive", () -> ModelCheckpoint.builder().everyNEpochs(1).everyNTrainSteps(10).build());
        assertMessage("needs a monitor", () -> ModelCheckpoint.builder().saveTopK(3).build());
        assertMessage("saveTopK must be >= -1", () -> ModelCheckpoint.builder().saveTopK(-2).build());
        assertMessage("mode must be min or max", () -> ModelCheckpoint.builder().monitor("val_loss").mode("lowest").build());
        assertMessage("format Sparkbolt does not know", () -> ModelCheckpoint.builder().filename("{val_loss:%x}").build());
        assertMessage("trainTimeInterval must be", () -> ModelCheckpoint.builder().trainTimeInterval("soon").build());
    }

    @Test
    void aMonitorThatIsNeverLoggedFailsAtTheFirstSave(@TempDir Path dir) {
        assertMessage("monitor 'val_f1' was not logged", () -> fitWith(
                ModelCheckpoint.builder().dirPath(dir.toString()).monitor("val_f1").mode("max").build(), 1));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        SparkboltException error = assertThrows(SparkboltException.class, action);
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    @Test
    void whereRenamesCopyABadCopyIsCaughtAndTheOldCheckpointKept(@TempDir Path dir) {
        // Set as a user sets Hadoop options for Spark (spark.hadoop.*), which Storage honours too.
        System.setProperty("spark.hadoop.fs." + CopyingFileSystem.SCHEME + ".impl", CopyingFileSystem.class.getName());
        String ckpts = CopyingFileSystem.SCHEME + "://" + dir.toAbsolutePath();
        ModelCheckpoint checkpoint = ModelCheckpoint.builder().dirPath(ckpts).saveLast(true).build();
        fitWith(checkpoint, 1);
        org.apache.hadoop.fs.Path last = Storage.path(checkpoint.lastModelPath());
        assertEquals(8, CheckpointIO.read(last).state().globalStep());

        Trainer longer = fitWith(ModelCheckpoint.builder().dirPath(ckpts + "/other").build(), 2);
        CopyingFileSystem.truncateNextCopyOfTemporaryFile();
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> CheckpointIO.write(last, longer.network().model(), CheckpointIO.read(last).state()));
        assertTrue(error.getMessage().contains("last.ckpt") && error.getMessage().contains("truncated"), error.getMessage());
        assertEquals(8L, CheckpointIO.read(last).state().globalStep(), "the good checkpoint is back in place");
        assertEquals(List.of("epoch=0-step=8.ckpt", "last.ckpt", "other"), Storage.list(Storage.path(ckpts)).stream().sorted().toList(),
                "no temporary or backup file is left");
    }

    @Test
    void aCheckpointWriteThatFailsHalfwayLeavesThePreviousOneIntact(@TempDir Path dir) {
        System.setProperty("spark.hadoop.fs." + CopyingFileSystem.SCHEME + ".impl", CopyingFileSystem.class.getName());
        String ckpts = CopyingFileSystem.SCHEME + "://" + dir.toAbsolutePath();
        ModelCheckpoint checkpoint = ModelCheckpoint.builder().dirPath(ckpts).saveLast(true).build();
        fitWith(checkpoint, 1);
        org.apache.hadoop.fs.Path last = Storage.path(checkpoint.lastModelPath());
        Trainer longer = fitWith(ModelCheckpoint.builder().dirPath(ckpts + "/other").build(), 2);

        CopyingFileSystem.failNextWriteHalfway();
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> CheckpointIO.write(last, longer.network().model(), CheckpointIO.read(last).state()));
        assertTrue(error.getMessage().contains("last.ckpt") && error.getMessage().contains("no space left on device"), error.getMessage());
        assertEquals(1, error.getMessage().lines().count(), error.getMessage());
        assertEquals(8L, CheckpointIO.read(last).state().globalStep(), "the previous checkpoint is intact and readable");
        assertEquals(List.of("epoch=0-step=8.ckpt", "last.ckpt", "other"), Storage.list(Storage.path(ckpts)).stream().sorted().toList(),
                "no temporary file is left");
    }

    @Test
    void aCheckpointReachesStableStorageBeforeItIsRenamedIntoPlace(@TempDir Path dir) {
        System.setProperty("spark.hadoop.fs." + CopyingFileSystem.SCHEME + ".impl", CopyingFileSystem.class.getName());
        String ckpts = CopyingFileSystem.SCHEME + "://" + dir.toAbsolutePath();
        CopyingFileSystem.clearEvents();
        fitWith(ModelCheckpoint.builder().dirPath(ckpts).saveLast(true).build(), 1);
        List<String> events = CopyingFileSystem.events();
        String rename = events.stream().filter(e -> e.startsWith("rename .last.ckpt.") && e.endsWith(".tmp last.ckpt")).findFirst()
                .orElseThrow(() -> new AssertionError("last.ckpt was not renamed into place: " + events));
        String temporary = rename.split(" ")[1];
        assertTrue(events.indexOf("hsync " + temporary) >= 0 && events.indexOf("hsync " + temporary) < events.indexOf(rename),
                "synced before the rename: " + events);
    }

    @Test
    void aCheckpointThatInflatesFarBeyondItsSizeIsRefused(@TempDir Path dir) throws Exception {
        Path bomb = dir.resolve("bomb.ckpt");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zip.putNextEntry(new ZipEntry(CheckpointIO.STATE_ENTRY));
            zip.write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(ModelSerializer.COEFFICIENTS_BIN));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 160; i++) {
                zip.write(zeros); // 160 MiB of zeros deflate to about 160 KiB
            }
            zip.closeEntry();
        }
        assertTrue(Files.size(bomb) < 1 << 20, "the file is small: " + Files.size(bomb));
        assertMessage("inflates to more than", () -> CheckpointIO.read(Storage.path(bomb.toString())));
        SparkboltException error = assertThrows(SparkboltException.class, () -> CheckpointIO.read(Storage.path(bomb.toString())));
        assertEquals(1, error.getMessage().lines().count(), error.getMessage());
    }

    /** The state entry of a checkpoint file as plain JSON. */
    private static Map<String, Object> stateJson(Path file) throws Exception {
        try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(Files.newInputStream(file))) {
            for (java.util.zip.ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(CheckpointIO.STATE_ENTRY)) {
                    return io.sparkbolt.trainer.storage.JsonFiles.parse(zip.readAllBytes(), "state");
                }
            }
        }
        throw new AssertionError("no state entry in " + file);
    }
}

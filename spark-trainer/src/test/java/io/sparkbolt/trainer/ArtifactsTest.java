package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.checkpoint.CheckpointState;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.storage.Storage;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a fit leaves on disk by default: version_N logs (metrics.csv, hparams.yaml) and a checkpoint plain DL4J opens. */
class ArtifactsTest {

    @Test
    void defaultLoggerAndCheckpointWriteVersionedFiles(@TempDir Path root) throws Exception {
        for (int run = 0; run < 2; run++) {
            Trainer trainer = Trainer.builder().maxEpochs(2).logEveryNSteps(4).defaultRootDir(root.toString())
                    .enableProgressBar(false).enableModelSummary(false).numSanityValSteps(0).build();
            trainer.fit(new MlpClassifier(List.of(8), 0.01), SyntheticData.small());
            assertEquals(run, trainer.getLoggers().get(0).version());
        }
        Path version = root.resolve("sparkbolt_logs/version_1");
        List<String> csv = Files.readAllLines(version.resolve("metrics.csv"));
        assertEquals(List.of("step", "train_loss", "epoch", "val_loss", "val_acc"), List.of(csv.get(0).split(",")));
        assertTrue(csv.size() > 2);
        String hparams = Files.readString(version.resolve("hparams.yaml"));
        assertTrue(hparams.contains("hidden:") && hparams.contains("lr: 0.01"), hparams);

        Path[] checkpoints;
        try (var files = Files.list(version.resolve("checkpoints"))) {
            checkpoints = files.filter(p -> p.toString().endsWith(".ckpt")).toArray(Path[]::new);
        }
        assertEquals(1, checkpoints.length, "only the latest epoch's checkpoint is kept");
        assertEquals("epoch=1-step=16.ckpt", checkpoints[0].getFileName().toString());
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(checkpoints[0].toFile(), true);
        assertEquals(8 * 8 + 8 + 8 * 3 + 3, restored.numParams());
        CheckpointState state = CheckpointIO.readState(Storage.path(checkpoints[0].toString()));
        assertEquals(1, state.epoch());
        assertEquals(16, state.globalStep());
    }

    @Test
    void checkpointHoldsTheTrainedParameters(@TempDir Path root) throws Exception {
        Trainer trainer = Trainer.builder().maxEpochs(1).defaultRootDir(root.toString()).loggers(List.of())
                .enableProgressBar(false).enableModelSummary(false).numSanityValSteps(0).build();
        trainer.fit(new MlpClassifier(List.of(8), 0.01), SyntheticData.small());
        Path checkpoint = root.resolve("checkpoints/epoch=0-step=8.ckpt");
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(checkpoint.toFile(), true);
        assertArrayEquals(trainer.network().params().data().asFloat(), restored.params().data().asFloat());
        assertArrayEquals(trainer.network().updaterState().data().asFloat(), restored.getUpdater().getStateViewArray().data().asFloat());
    }
}

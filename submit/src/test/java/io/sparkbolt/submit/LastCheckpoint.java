package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** What a finished test fit left in {@code logs/sparkbolt_logs/version_0/checkpoints/last.ckpt}. */
final class LastCheckpoint {
    private LastCheckpoint() {
    }

    /** The network's parameters, after checking the checkpoint is of step {@code expectedStep}. */
    static float[] params(Path run, long expectedStep) throws IOException {
        Path last = run.resolve("logs/sparkbolt_logs/version_0/checkpoints/last.ckpt");
        assertEquals(expectedStep, CheckpointIO.read(Storage.path(last.toString())).state().globalStep(), last.toString());
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(last.toFile(), true);
        return network.params().data().asFloat();
    }

    /** The versions it was written with (sparkbolt, spark, scala, java ...). */
    static java.util.Map<String, Object> provenance(Path run) throws IOException {
        Path last = run.resolve("logs/sparkbolt_logs/version_0/checkpoints/last.ckpt");
        return CheckpointIO.read(Storage.path(last.toString())).state().provenance();
    }
}

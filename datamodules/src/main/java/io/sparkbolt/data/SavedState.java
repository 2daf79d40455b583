package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.storage.JsonFiles;
import io.sparkbolt.trainer.storage.Storage;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * A data module's saved state, from the {@code datamodule_state.json} a fit wrote next to its logs
 * or from the {@code datamodule} entry of a checkpoint ({@code .ckpt}).
 */
final class SavedState {
    private SavedState() {
    }

    static Map<String, Object> read(String location) {
        Path path = Storage.path(location);
        if (location.endsWith(".ckpt") || location.endsWith(".zip")) {
            Map<String, Object> state = CheckpointIO.readState(path).datamodule();
            if (state == null || state.isEmpty()) {
                throw new SparkboltException("checkpoint " + location + " holds no data module state");
            }
            return state;
        }
        return JsonFiles.read(path);
    }
}

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

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String location) {
        Path path = Storage.path(location);
        if (location.endsWith(".ckpt") || location.endsWith(".zip")) {
            Object state = CheckpointIO.readState(path).get("datamodule");
            if (!(state instanceof Map<?, ?> map) || map.isEmpty()) {
                throw new SparkboltException("checkpoint " + location + " holds no data module state");
            }
            return (Map<String, Object>) map;
        }
        return JsonFiles.read(path);
    }
}

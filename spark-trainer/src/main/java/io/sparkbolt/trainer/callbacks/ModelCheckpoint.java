package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.storage.Storage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Saves a checkpoint at the end of every training epoch as {@code epoch=E-step=S.ckpt}, keeping
 * the latest, under {@code <logDir>/checkpoints} unless a directory is given. Runs after all other
 * callbacks, so it sees their final state. Monitored top-k saving and exact resume build on this.
 */
public final class ModelCheckpoint implements Callback {
    private final String dirPath;
    private Path lastSaved;

    /** The form configs use: {@code {class: ModelCheckpoint, args: {dirPath: ckpts}}}. */
    public ModelCheckpoint(@Arg(value = "dirPath", defaultValue = "''",
            description = "where checkpoints go; empty: <logDir>/checkpoints") String dirPath) {
        this.dirPath = dirPath == null || dirPath.isEmpty() ? null : dirPath;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public boolean runsLast() {
        return true;
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        Path dir = dirPath != null ? Storage.path(dirPath) : Storage.resolve(Storage.path(trainer.logDir()), "checkpoints");
        // The epoch counter moves on after this hook; name the file by the epoch just finished.
        Path file = Storage.resolve(dir, "epoch=" + trainer.currentEpoch() + "-step=" + trainer.globalStep() + ".ckpt");
        CheckpointIO.write(file, trainer.network().model(), state(trainer, module));
        if (lastSaved != null && !lastSaved.equals(file)) {
            Storage.delete(lastSaved);
        }
        lastSaved = file;
    }

    private static Map<String, Object> state(Trainer trainer, LightningModule module) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("epoch", trainer.currentEpoch());
        state.put("globalStep", trainer.globalStep());
        state.put("seed", trainer.settings().effectiveSeed());
        state.put("module", module.getClass().getName());
        state.put("hparams", module.hparams().asMap());
        state.put("callbackMetrics", trainer.callbackMetrics());
        if (trainer.datamodule() != null) {
            state.put("datamodule", trainer.datamodule().stateDict());
        }
        return state;
    }

    /** The last checkpoint written, or {@code null}. */
    public String lastCheckpoint() {
        return lastSaved == null ? null : lastSaved.toString();
    }

    @Override
    public Map<String, Object> state() {
        return lastSaved == null ? Map.of() : Map.of("lastCheckpoint", lastSaved.toString());
    }

    /** Builds a {@link ModelCheckpoint}. */
    public static final class Builder {
        private String dirPath;

        /** Where checkpoints go (a path or Hadoop URI); default {@code <logDir>/checkpoints}. */
        public Builder dirPath(String value) {
            this.dirPath = value;
            return this;
        }

        public ModelCheckpoint build() {
            return new ModelCheckpoint(dirPath);
        }
    }
}

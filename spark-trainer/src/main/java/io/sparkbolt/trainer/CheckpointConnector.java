package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.checkpoint.Checkpoint;
import io.sparkbolt.trainer.checkpoint.CheckpointIO;
import io.sparkbolt.trainer.checkpoint.CheckpointState;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.loop.RunContext;
import io.sparkbolt.trainer.metrics.TrainerMetrics;
import io.sparkbolt.trainer.storage.Storage;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * Where a Trainer meets its checkpoints (Lightning's checkpoint connector): reading the one an
 * entry point starts from, putting a fit back where it stopped, and writing the current state.
 * The file format is {@link CheckpointIO}'s; what the state holds is {@link TrainerState}'s.
 */
final class CheckpointConnector {
    private final Trainer trainer;

    CheckpointConnector(Trainer trainer) {
        this.trainer = trainer;
    }

    /**
     * Reads the checkpoint {@code ckptPath} names ({@code null} when none is given, or for
     * {@code last} before the first): hands the data module the state it was trained with and,
     * for a fit, checks the checkpoint can be continued and lets the loggers continue its version.
     */
    Checkpoint load(Stage stage, String ckptPath, DataModule data) {
        if (ckptPath == null || ckptPath.isBlank()) {
            return null;
        }
        Checkpoint checkpoint = new CheckpointResolver(trainer).resolve(ckptPath.trim());
        if (checkpoint == null) {
            return null;
        }
        System.out.println("Restoring states from the checkpoint path at " + checkpoint.path());
        if (stage == Stage.FIT) {
            TrainerState.requireResumable(checkpoint, trainer.settings());
            List<CheckpointState.LoggerState> saved = checkpoint.state().loggers();
            List<Logger> active = trainer.getLoggers();
            for (int i = 0; i < Math.min(saved.size(), active.size()); i++) {
                active.get(i).resume(saved.get(i).asMap());
            }
        }
        Map<String, Object> dataState = checkpoint.state().datamodule();
        if (dataState != null && !dataState.isEmpty()) {
            data.loadStateDict(dataState); // the normalisation the checkpoint's network was trained with
        }
        return checkpoint;
    }

    /** Puts a starting fit's loops, callbacks, monitored metrics and elapsed time back where the checkpoint left them. */
    void restoreFit(Checkpoint checkpoint, RunContext run, TrainerMetrics metrics) {
        TrainerState.restore(checkpoint, trainer, run.data());
        metrics.restore(checkpoint.state().callbackMetrics());
        run.carryOver(checkpoint.state().elapsedSeconds());
        System.out.println("Restored all states from the checkpoint at " + checkpoint.path() + ": epoch " + trainer.currentEpoch()
                + ", global step " + trainer.globalStep());
    }

    /** Writes the state of {@code run} (the running or last entry point) and its network to {@code path}. */
    void save(String path, boolean weightsOnly, RunContext run, String config) {
        if (run == null) {
            throw new SparkboltException("saveCheckpoint(" + path + "): nothing to save before fit, validate, test or predict");
        }
        // The logs first: a checkpoint's logger state counts the rows logged so far, and a resume keeps exactly
        // that many, so after a crash the files must hold at least them.
        trainer.getLoggers().forEach(Logger::save);
        CheckpointState state = TrainerState.capture(trainer, run.module(), run.data(), weightsOnly, run.elapsedSeconds(), config);
        CheckpointIO.write(Storage.path(path), trainer.network().model(), state);
    }
}

package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Stage;
import io.sparkbolt.trainer.api.StepOutput;
import io.sparkbolt.trainer.checkpoint.StateValues;
import io.sparkbolt.trainer.storage.Storage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves checkpoints as Lightning's {@code ModelCheckpoint} does: when ({@code everyNEpochs}, at
 * the end of a training epoch after its validation or, when validation runs inside epochs
 * ({@code valCheckInterval < 1}), after each validation run, so the best mid-epoch model is kept
 * ({@code saveOnTrainEpochEnd} decides it otherwise); or {@code everyNTrainSteps}; or
 * {@code trainTimeInterval}: one of the three), where ({@code dirPath}, any Hadoop URI; default
 * {@code <logDir>/checkpoints}), under what name ({@code filename} template, e.g.
 * {@code {epoch}-{step}-{val_loss:.3f}}) and which to keep: the {@code saveTopK} best by
 * {@code monitor} in {@code mode} (without a monitor, the latest; {@code -1} keeps all, {@code 0}
 * none), plus {@code last.ckpt} with {@code saveLast}. Runs after all other callbacks, so a
 * checkpoint holds their state after the step or epoch. Its own bookkeeping (best paths and
 * scores) is saved in every checkpoint and restored on resume, when the directory is the same.
 *
 * <pre>{@code callbacks: [{class: ModelCheckpoint, args: {monitor: val_loss, saveTopK: 3, saveLast: true}}]}</pre>
 */
public final class ModelCheckpoint implements Callback {
    /** The file name {@code saveLast} writes (plus {@code .ckpt}). */
    public static final String LAST_NAME = "last";
    static final String NAME = "ModelCheckpoint";
    private static final Logger LOG = LoggerFactory.getLogger(ModelCheckpoint.class);

    private final String dirPath;
    private final CheckpointFilename filename;
    private final String monitor;
    private final MonitorMode mode;
    private final int saveTopK;
    private final boolean saveLast;
    private final SaveSchedule schedule;
    private final boolean saveWeightsOnly;
    private final TopK topK;
    private Path dir;
    private Map<String, Object> restored;
    private String lastModelPath = "";
    private long lastStepSeen = -1;
    private long lastStepSaved = -1;
    private long lastSaveNanos;

    /**
     * The form configs use; every argument as in Lightning.
     *
     * @param dirPath           where checkpoints go (path or Hadoop URI); empty: {@code <logDir>/checkpoints}
     * @param filename          name template; empty: {@code {epoch}-{step}}
     * @param monitor           metric that ranks checkpoints; empty: none (keep the latest)
     * @param mode              {@code min} or {@code max}
     * @param saveTopK          how many to keep: k, -1 (all) or 0 (none but last)
     * @param saveLast          also write {@code last.ckpt} at every save
     * @param everyNEpochs      save at the end of every n-th training epoch (0: off)
     * @param everyNTrainSteps  save every n optimiser steps (0: off)
     * @param trainTimeInterval save when this much time passed since the last save, e.g. {@code 30m} (empty: off)
     * @param saveWeightsOnly   leave the optimiser and loop state out (such a file cannot resume a fit)
     * @param autoInsertMetricName write {@code epoch=2} rather than {@code 2} for {@code {epoch}}
     * @param saveOnTrainEpochEnd epoch saves at the training epoch's end ({@code true}) or after each
     *                          validation run ({@code false}); {@code null}: Lightning's rule
     */
    public ModelCheckpoint(
            @Arg(value = "dirPath", defaultValue = "''", description = "where checkpoints go; empty: <logDir>/checkpoints") String dirPath,
            @Arg(value = "filename", defaultValue = "''", description = "name template, e.g. '{epoch}-{step}-{val_loss:.3f}'; empty: {epoch}-{step}") String filename,
            @Arg(value = "monitor", defaultValue = "''", description = "metric that ranks checkpoints; empty: keep the latest") String monitor,
            @Arg(value = "mode", defaultValue = "min", description = "min or max: which way the monitored metric is better") String mode,
            @Arg(value = "saveTopK", defaultValue = "1", description = "checkpoints to keep: k, -1 for all, 0 for none") int saveTopK,
            @Arg(value = "saveLast", defaultValue = "false", description = "also write last.ckpt at every save") boolean saveLast,
            @Arg(value = "everyNEpochs", defaultValue = "~", description = "save every n training epochs (default 1 when no other schedule)") Integer everyNEpochs,
            @Arg(value = "everyNTrainSteps", defaultValue = "~", description = "save every n optimiser steps") Long everyNTrainSteps,
            @Arg(value = "trainTimeInterval", defaultValue = "''", description = "save after this much time, e.g. 30m, 1h") String trainTimeInterval,
            @Arg(value = "saveWeightsOnly", defaultValue = "false", description = "leave out optimiser and loop state") boolean saveWeightsOnly,
            @Arg(value = "autoInsertMetricName", defaultValue = "true", description = "name=value in file names") boolean autoInsertMetricName,
            @Arg(value = "saveOnTrainEpochEnd", defaultValue = "~", description = "epoch saves at the training epoch's end (true) or after each validation (false); ~: after each validation when validation runs inside epochs") Boolean saveOnTrainEpochEnd) {
        this.dirPath = blankToNull(dirPath);
        this.filename = new CheckpointFilename(blankToNull(filename) == null ? "{epoch}-{step}" : filename, autoInsertMetricName);
        this.monitor = blankToNull(monitor);
        this.mode = MonitorMode.parse(NAME, mode);
        this.saveLast = saveLast;
        this.saveWeightsOnly = saveWeightsOnly;
        this.schedule = new SaveSchedule(everyNEpochs, everyNTrainSteps, trainTimeInterval, saveOnTrainEpochEnd);
        if (saveTopK < -1) {
            throw new SparkboltException(NAME + ": saveTopK must be >= -1 (-1: keep all), got " + saveTopK);
        }
        if (this.monitor == null && saveTopK > 1) {
            throw new SparkboltException(NAME + ": saveTopK=" + saveTopK + " needs a monitor to rank checkpoints;"
                    + " without one only the latest (1) or all (-1) can be kept");
        }
        this.saveTopK = saveTopK;
        this.topK = new TopK(this.mode);
    }

    /** Starts a builder with Lightning's defaults. */
    public static ModelCheckpointBuilder builder() {
        return new ModelCheckpointBuilder();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String stateKey() {
        // As Lightning: two checkpoint callbacks that differ in what or when they save keep separate states.
        return NAME + "{monitor=" + monitor + ",mode=" + mode.label() + "," + schedule.key() + "}";
    }

    @Override
    public long nextStepNeeded(long globalStep) {
        return schedule.nextStepDue(globalStep);
    }

    @Override
    public CallbackOrder order() {
        return CallbackOrder.CHECKPOINTING;
    }

    @Override
    public void onFitStart(Trainer trainer, LightningModule module) {
        lastStepSeen = trainer.globalStep();
        lastSaveNanos = System.nanoTime();
    }

    /** Says where checkpoints go, once the fit's checks (the sanity check) passed: resolving it makes the log directory. */
    @Override
    public void onTrainStart(Trainer trainer, LightningModule module) {
        System.out.println(NAME + ": checkpoints to " + directory(trainer));
    }

    /** Fails before training when the sanity check shows the monitor will never be logged. */
    @Override
    public void onSanityCheckEnd(Trainer trainer, LightningModule module) {
        if (monitor != null) {
            Monitors.requireLoggable(NAME, monitor, trainer);
        }
    }

    @Override
    public void onTrainBatchEnd(Trainer trainer, LightningModule module, StepOutput outputs, int batchIdx) {
        long step = trainer.globalStep();
        boolean due = schedule.stepOrTimeDue(step, lastStepSeen, System.nanoTime() - lastSaveNanos);
        lastStepSeen = step;
        if (due) {
            save(trainer);
        }
    }

    @Override
    public void onTrainEpochEnd(Trainer trainer, LightningModule module) {
        if (schedule.savesOnTrainEpochEnd(trainer) && schedule.epochDue(trainer)) {
            save(trainer);
        }
    }

    /** After a validation run inside a fit, when validation (not the epoch's end) is where this callback saves. */
    @Override
    public void onValidationEnd(Trainer trainer, LightningModule module) {
        if (trainer.stage() == Stage.FIT && !schedule.savesOnTrainEpochEnd(trainer) && schedule.epochDue(trainer)) {
            save(trainer);
        }
    }

    /** Saves now, if nothing was saved at this step yet (the same step can end a round and an epoch). */
    private void save(Trainer trainer) {
        long step = trainer.globalStep();
        if (trainer.isSanityChecking() || step == lastStepSaved) {
            return;
        }
        lastStepSaved = step;
        lastSaveNanos = System.nanoTime();
        Map<String, Double> metrics = trainer.callbackMetrics();
        if (monitor != null && saveTopK != 0) {
            saveMonitored(trainer, metrics);
        } else if (saveTopK != 0) {
            saveLatest(trainer, metrics);
        }
        if (saveLast) {
            Path last = Storage.resolve(directory(trainer), LAST_NAME + ".ckpt");
            lastModelPath = last.toString();
            trainer.saveCheckpoint(lastModelPath, saveWeightsOnly);
        }
        String latest = lastCheckpoint();
        if (latest != null) {
            trainer.getLoggers().forEach(logger -> logger.afterSaveCheckpoint(latest, bestModelPath()));
        }
    }

    private void saveMonitored(Trainer trainer, Map<String, Double> metrics) {
        Double value = metrics.get(monitor);
        if (value == null) {
            throw new SparkboltException(NAME + ": monitor '" + monitor + "' was not logged by step " + trainer.globalStep()
                    + "; logged metrics: " + String.join(", ", metrics.keySet()));
        }
        double score = Double.isNaN(value) ? mode.worst() : value; // NaN ranks last, as in Lightning
        if (saveTopK > 0 && topK.size() >= saveTopK && !topK.isBetterThanWorst(score)) {
            return;
        }
        String path = newPath(trainer, metrics);
        topK.put(path, score);
        // evicted before saving, so the checkpoint's own state lists only what is kept; deleted once it is written
        String evicted = saveTopK > 0 && topK.size() > saveTopK ? topK.removeWorst() : null;
        trainer.saveCheckpoint(path, saveWeightsOnly);
        if (evicted != null) {
            remove(evicted);
        }
    }

    private void saveLatest(Trainer trainer, Map<String, Double> metrics) {
        String path = newPath(trainer, metrics);
        String previous = topK.latestPath();
        boolean replaces = saveTopK == 1 && !previous.isEmpty();
        if (replaces) {
            topK.remove(previous);
        }
        topK.put(path, Double.NaN); // before saving, so the checkpoint's own state lists it
        trainer.saveCheckpoint(path, saveWeightsOnly);
        if (replaces) {
            remove(previous);
        }
    }

    /** The templated path, with {@code -v1}, {@code -v2} ... when that name is taken (as Lightning's version counter). */
    private String newPath(Trainer trainer, Map<String, Double> metrics) {
        String name = filename.format(trainer.currentEpoch(), trainer.globalStep(), metrics);
        Path dirPathResolved = directory(trainer);
        Path path = Storage.resolve(dirPathResolved, name + ".ckpt");
        for (int version = 1; Storage.exists(path) || topK.contains(path.toString()); version++) {
            path = Storage.resolve(dirPathResolved, name + "-v" + version + ".ckpt");
        }
        return path.toString();
    }

    private void remove(String path) {
        if (!path.equals(lastModelPath)) {
            Storage.delete(Storage.path(path));
        }
    }

    /** The directory, resolved once; a restored state is applied then, if it was saved for the same directory. */
    private Path directory(Trainer trainer) {
        if (dir == null) {
            dir = dirPath != null ? Storage.path(dirPath) : Storage.resolve(Storage.path(trainer.logDir()), "checkpoints");
            applyRestored();
        }
        return dir;
    }

    private void applyRestored() {
        if (restored == null) {
            return;
        }
        if (dir.toString().equals(restored.get("dirPath"))) {
            topK.load(StateValues.map(restored, "bestKModels"), (String) restored.get("latest"));
            lastModelPath = (String) restored.getOrDefault("lastModelPath", "");
        } else {
            LOG.warn("{}: the checkpoint's state is for {}, this run saves to {}: best checkpoints start afresh",
                    NAME, restored.get("dirPath"), dir);
        }
        restored = null;
    }

    /** The directory checkpoints go to, as configured ({@code null}: under the log directory). */
    public String dirPath() {
        return dirPath;
    }

    /** The best checkpoint so far by the monitor (without a monitor, the latest); empty before the first save. */
    public String bestModelPath() {
        return topK.bestPath();
    }

    /** The best checkpoint's score, or NaN without a monitor or before the first save. */
    public double bestModelScore() {
        return topK.bestScore();
    }

    /** The kept checkpoints and their scores. */
    public Map<String, Double> bestKModels() {
        return topK.asMap();
    }

    /** {@code last.ckpt}'s path once written with {@code saveLast}, else empty. */
    public String lastModelPath() {
        return lastModelPath;
    }

    /** The last checkpoint written by this callback, or {@code null}. */
    public String lastCheckpoint() {
        String latest = topK.latestPath();
        return !latest.isEmpty() ? latest : lastModelPath.isEmpty() ? null : lastModelPath;
    }

    @Override
    public Map<String, Object> state() {
        if (dir == null) {
            return restored != null ? restored : Map.of();
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("monitor", monitor);
        state.put("mode", mode.label());
        state.put("dirPath", dir.toString());
        state.put("bestModelPath", topK.bestPath());
        state.put("bestModelScore", StateValues.encode(topK.bestScore()));
        state.put("kthBestModelPath", topK.worstPath());
        state.put("bestKModels", topK.state());
        state.put("latest", topK.latestPath());
        state.put("lastModelPath", lastModelPath);
        return state;
    }

    @Override
    public void loadState(Map<String, Object> state) {
        restored = new LinkedHashMap<>(state);
        if (dir != null) {
            applyRestored();
        }
    }
}

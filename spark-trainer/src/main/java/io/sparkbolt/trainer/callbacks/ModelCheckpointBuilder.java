package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.api.ArgDefaults;

/** Builds a {@link ModelCheckpoint}; unset options keep Lightning's defaults. Start with {@link ModelCheckpoint#builder()}. */
public final class ModelCheckpointBuilder {
    private static final ArgDefaults DEFAULTS = ArgDefaults.of(ModelCheckpoint.class);

    // the defaults are the @Arg ones a config gets: written once, on ModelCheckpoint's constructor
    private String dirPath = DEFAULTS.get("dirPath");
    private String filename = DEFAULTS.get("filename");
    private String monitor = DEFAULTS.get("monitor");
    private String mode = DEFAULTS.get("mode");
    private int saveTopK = DEFAULTS.get("saveTopK");
    private boolean saveLast = DEFAULTS.get("saveLast");
    private Integer everyNEpochs = DEFAULTS.get("everyNEpochs");
    private Long everyNTrainSteps = DEFAULTS.get("everyNTrainSteps");
    private String trainTimeInterval = DEFAULTS.get("trainTimeInterval");
    private boolean saveWeightsOnly = DEFAULTS.get("saveWeightsOnly");
    private boolean autoInsertMetricName = DEFAULTS.get("autoInsertMetricName");
    private Boolean saveOnTrainEpochEnd = DEFAULTS.get("saveOnTrainEpochEnd");

    ModelCheckpointBuilder() {
    }

    /** Where checkpoints go (a path or Hadoop URI); default {@code <logDir>/checkpoints}. */
    public ModelCheckpointBuilder dirPath(String value) {
        this.dirPath = value;
        return this;
    }

    /** The name template, e.g. {@code {epoch}-{step}-{val_loss:.3f}}. */
    public ModelCheckpointBuilder filename(String value) {
        this.filename = value;
        return this;
    }

    /** The metric that ranks checkpoints, e.g. {@code val_acc}. */
    public ModelCheckpointBuilder monitor(String metric) {
        this.monitor = metric;
        return this;
    }

    /** Which way the monitored metric is better (default {@link MonitorMode#MIN}). */
    public ModelCheckpointBuilder mode(MonitorMode value) {
        this.mode = value.label();
        return this;
    }

    /** {@code min} or {@code max}, as in a config. */
    public ModelCheckpointBuilder mode(String value) {
        this.mode = value;
        return this;
    }

    /** How many checkpoints to keep: k, -1 (all), 0 (none but last). */
    public ModelCheckpointBuilder saveTopK(int value) {
        this.saveTopK = value;
        return this;
    }

    /** Also write {@code last.ckpt} at every save. */
    public ModelCheckpointBuilder saveLast(boolean value) {
        this.saveLast = value;
        return this;
    }

    /** Save at the end of every n-th training epoch. */
    public ModelCheckpointBuilder everyNEpochs(int value) {
        this.everyNEpochs = value;
        return this;
    }

    /** Save every n optimiser steps (at the first round boundary at or after each multiple). */
    public ModelCheckpointBuilder everyNTrainSteps(long value) {
        this.everyNTrainSteps = value;
        return this;
    }

    /** Save when this much training time has passed since the last save, e.g. {@code 30m}. */
    public ModelCheckpointBuilder trainTimeInterval(String value) {
        this.trainTimeInterval = value;
        return this;
    }

    /** Leave the optimiser and loop state out. */
    public ModelCheckpointBuilder saveWeightsOnly(boolean value) {
        this.saveWeightsOnly = value;
        return this;
    }

    /** Write {@code epoch=2} (true, the default) or {@code 2} for {@code {epoch}}. */
    public ModelCheckpointBuilder autoInsertMetricName(boolean value) {
        this.autoInsertMetricName = value;
        return this;
    }

    /** Epoch saves at the end of the training epoch ({@code true}) or after each validation run ({@code false}). */
    public ModelCheckpointBuilder saveOnTrainEpochEnd(boolean value) {
        this.saveOnTrainEpochEnd = value;
        return this;
    }

    public ModelCheckpoint build() {
        return new ModelCheckpoint(dirPath, filename, monitor, mode, saveTopK, saveLast, everyNEpochs,
                everyNTrainSteps, trainTimeInterval, saveWeightsOnly, autoInsertMetricName, saveOnTrainEpochEnd);
    }
}

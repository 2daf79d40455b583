package io.sparkbolt.trainer.checkpoint;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint holds besides the network, one record per part, written as the JSON entry
 * {@link CheckpointIO#STATE_ENTRY} by Jackson. A state is an immutable snapshot: every map and
 * list is copied when the record is made, so a callback or logger that carries on after a save
 * cannot change what is being written. Format {@value #FORMAT}; a reader refuses another.
 *
 * @param format          the layout version, {@value #FORMAT}
 * @param savedAt         when it was captured, epoch milliseconds (orders checkpoints of one step)
 * @param weightsOnly     written without optimiser and loop state ({@code saveWeightsOnly})
 * @param epoch           the epoch it was taken in
 * @param globalStep      optimiser steps taken
 * @param progress        the loops' counters
 * @param stop            whether a stop was requested, and why
 * @param elapsedSeconds  training time up to the save, carried over by a resumed fit's {@code maxTime}
 * @param seed            the seed every random number of the fit derives from
 * @param rng             how random numbers derive from the seed (informative)
 * @param strategy        the strategy that trained it
 * @param module          the LightningModule's class
 * @param hparams         the module's hyper-parameters, secrets masked
 * @param data            the data the fit trained on
 * @param datamodule      the data module's own state ({@code stateDict}: e.g. a normalisation)
 * @param callbacks       each stateful callback's state, by its state key
 * @param callbackMetrics the monitored metrics when it was saved
 * @param loggers         each logger's state, in the Trainer's order
 * @param config          the resolved run config (YAML), or null from Java
 * @param provenance      the versions it was written with
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointState(int format, long savedAt, boolean weightsOnly, int epoch, long globalStep, Loops progress,
                              Stop stop, double elapsedSeconds, long seed, Rng rng, StrategyInfo strategy, String module,
                              Map<String, Object> hparams, Data data, Map<String, Object> datamodule,
                              Map<String, Map<String, Object>> callbacks, Map<String, Double> callbackMetrics,
                              List<LoggerState> loggers, String config, Map<String, Object> provenance) {
    /** Bumped when the layout changes incompatibly. */
    public static final int FORMAT = 1;

    /** Copies every map and list, so the state cannot change after it is captured. */
    public CheckpointState {
        progress = progress == null ? Loops.START : progress;
        stop = stop == null ? new Stop(false, null) : stop;
        hparams = StateValues.frozen(hparams);
        datamodule = StateValues.frozen(datamodule);
        Map<String, Map<String, Object>> frozenCallbacks = new LinkedHashMap<>();
        if (callbacks != null) {
            callbacks.forEach((key, value) -> frozenCallbacks.put(key, StateValues.frozen(value)));
        }
        callbacks = java.util.Collections.unmodifiableMap(frozenCallbacks);
        callbackMetrics = callbackMetrics == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(callbackMetrics));
        loggers = loggers == null ? List.of() : List.copyOf(loggers);
        provenance = StateValues.frozen(provenance);
    }

    /** The saved state of the callback with state key {@code key}; empty when it saved none. */
    public Map<String, Object> callback(String key) {
        return callbacks.getOrDefault(key, Map.of());
    }

    /**
     * The loops' counters. A checkpoint taken at an epoch's end ({@code epochEnded}: its training
     * and validation done) resumes at the start of the next epoch; one taken inside an epoch also
     * carries what the epoch loop had left to do and the epoch's metric accumulators.
     *
     * @param epoch             the epoch it was taken in
     * @param globalStep        optimiser steps taken
     * @param batchInEpoch      training batches run in the epoch
     * @param totalBatches      training batches run in the fit
     * @param examplesSeen      training examples seen in the fit
     * @param epochEnded        taken at the epoch's end
     * @param validationPending inside an epoch: a validation had fallen due and not run; null at an epoch's end
     * @param epochDone         inside an epoch: its batches had all run; null at an epoch's end
     * @param epochMetrics      inside an epoch: its metric accumulators; null at an epoch's end
     * @param roundInEpoch      the round in the epoch (informative: batchInEpoch is what a restore uses)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Loops(int epoch, long globalStep, long batchInEpoch, long totalBatches, long examplesSeen, boolean epochEnded,
                        Boolean validationPending, Boolean epochDone, Map<String, Object> epochMetrics, long roundInEpoch) {
        /** Nothing trained yet. */
        public static final Loops START = new Loops(0, 0, 0, 0, 0, false, false, false, null, 0);

        /** Copies the metric accumulators. */
        public Loops {
            epochMetrics = epochMetrics == null ? null : StateValues.frozen(epochMetrics);
        }

        /** The epoch a fit continuing from here starts in. */
        public long nextEpoch() {
            return epoch + (epochEnded ? 1 : 0);
        }
    }

    /**
     * A stop a callback (or the Trainer) requested.
     *
     * @param requested whether one was requested
     * @param reason    why, or null
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Stop(boolean requested, String reason) {
    }

    /**
     * How random numbers derive from the seed.
     *
     * @param seed       the seed
     * @param derivation in words
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rng(long seed, String derivation) {
    }

    /**
     * The strategy that trained the checkpoint.
     *
     * @param name          its config name
     * @param deterministic whether its results are bit-reproducible
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StrategyInfo(String name, boolean deterministic) {
    }

    /**
     * The data a fit trained on, so a resume on other data is noticed.
     *
     * @param module            the DataModule's class
     * @param hparams           its arguments, secrets masked
     * @param trainShards       how many training shards it had
     * @param trainShardsSha256 a SHA-256 over the training shards' descriptions and sizes, in order
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String module, Map<String, Object> hparams, int trainShards, String trainShardsSha256) {
        /** Copies the arguments. */
        public Data {
            hparams = StateValues.frozen(hparams);
        }
    }

    /**
     * A logger's place in its run, so a resumed fit continues its version; in the JSON the
     * logger's own entries ({@code Logger.state()}) sit beside the common ones.
     *
     * @param className  the logger's class
     * @param name       its experiment name
     * @param version    its version number
     * @param logDir     its version directory
     * @param globalStep the step it had logged up to
     * @param own        the logger's own entries
     */
    public record LoggerState(@JsonProperty("class") String className, String name, int version, String logDir, long globalStep,
                              @JsonIgnore Map<String, Object> own) {
        private static final List<String> COMMON = List.of("class", "name", "version", "logDir", "globalStep");

        /** Copies the logger's entries. */
        public LoggerState {
            own = StateValues.frozen(own);
        }

        /** The logger's own entries, written flat beside the common ones. */
        @JsonAnyGetter
        Map<String, Object> ownEntries() {
            return own;
        }

        /** Reads the flat JSON object back: the common entries, and the rest as the logger's own. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static LoggerState fromJson(Map<String, Object> json) {
            Map<String, Object> own = new LinkedHashMap<>(json);
            COMMON.forEach(own::remove);
            return new LoggerState((String) json.get("class"), (String) json.get("name"),
                    (int) StateValues.longValue(json, "version", -1), (String) json.get("logDir"),
                    StateValues.longValue(json, "globalStep", 0), own);
        }

        /** Everything saved, flat, as {@code Logger.resume} reads it. */
        public Map<String, Object> asMap() {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("class", className);
            all.put("name", name);
            all.put("version", version);
            all.put("logDir", logDir);
            all.put("globalStep", globalStep);
            all.putAll(own);
            return all;
        }
    }
}

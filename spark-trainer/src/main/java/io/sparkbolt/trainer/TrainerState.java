package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.checkpoint.Checkpoint;
import io.sparkbolt.trainer.checkpoint.Provenance;
import io.sparkbolt.trainer.checkpoint.StateValues;
import io.sparkbolt.trainer.loggers.Logger;
import io.sparkbolt.trainer.loop.FitProgress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.sparkbolt.trainer.storage.Secrets;
import org.slf4j.LoggerFactory;

/**
 * What a checkpoint holds besides the network, as plain JSON: the loops' counters (and, inside
 * an epoch, its metric accumulators), the stop flag, the seed from which every random number is
 * derived, the data's shard list fingerprint, callback and logger states, the monitored metrics,
 * hyper-parameters, the resolved config and provenance. {@link #capture} writes it and
 * {@link #restore} puts a Trainer back where it was.
 */
final class TrainerState {
    /** Bumped when the layout changes incompatibly. */
    static final int FORMAT = 1;

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(TrainerState.class);

    private TrainerState() {
    }

    /** The state of a running (or finished) entry point. */
    static Map<String, Object> capture(Trainer trainer, LightningModule module, DataModule data, boolean epochEnded,
                                       boolean weightsOnly, double elapsedSeconds, String config) {
        FitProgress progress = trainer.progress();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("format", FORMAT);
        state.put("savedAt", System.currentTimeMillis());
        state.put("weightsOnly", weightsOnly);
        state.put("epoch", progress.epoch());
        state.put("globalStep", progress.globalStep());
        Map<String, Object> loops = progress.state(epochEnded);
        int roundBatches = Math.max(1, trainer.settings().strategy().trainBatchesPerRound());
        loops.put("roundInEpoch", epochEnded ? 0 : progress.batchInEpoch() / roundBatches); // informative; batchInEpoch is what a restore uses
        state.put("progress", loops);
        state.put("stop", stopState(trainer));
        state.put("elapsedSeconds", elapsedSeconds);
        long seed = trainer.settings().effectiveSeed();
        state.put("seed", seed);
        state.put("rng", Map.of("seed", seed, "derivation",
                "ND4J re-seeded every round from splitmix64(seed, split, epoch, firstBatch, worker);"
                        + " shard order and in-shard shuffles seeded from (seed, epoch)"));
        state.put("strategy", Map.of("name", trainer.settings().strategy().name(),
                "deterministic", trainer.settings().strategy().isDeterministic()));
        state.put("module", module.getClass().getName());
        state.put("hparams", Secrets.mask(module.hparams().asMap()));
        state.put("data", dataState(data));
        state.put("datamodule", data.stateDict());
        state.put("callbacks", callbackStates(trainer.callbacks()));
        state.put("callbackMetrics", encode(trainer.callbackMetrics())); // the epoch's, when saved at its end: published before checkpointing
        state.put("loggers", loggerStates(trainer.getLoggers(), progress.globalStep()));
        state.put("config", config);
        state.put("provenance", Provenance.versions());
        return state;
    }

    private static Map<String, Object> stopState(Trainer trainer) {
        Map<String, Object> stop = new LinkedHashMap<>();
        stop.put("requested", trainer.shouldStop());
        stop.put("reason", trainer.stopReason());
        return stop;
    }

    /** The data source: the module, its arguments, and a fingerprint of its training shards in order. */
    private static Map<String, Object> dataState(DataModule data) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("module", data.getClass().getName());
        state.put("hparams", Secrets.mask(data.hparams().asMap()));
        List<? extends Shard> shards = data.shards(Split.TRAIN);
        state.put("trainShards", shards.size());
        state.put("trainShardsSha256", fingerprint(shards));
        return state;
    }

    private static String fingerprint(List<? extends Shard> shards) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Shard shard : shards) {
                sha.update((shard.describe() + "#" + shard.numExamples() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static Map<String, Object> callbackStates(List<Callback> callbacks) {
        Map<String, Object> states = new LinkedHashMap<>();
        for (Callback callback : callbacks) {
            Map<String, Object> state = callback.state();
            if (!state.isEmpty()) {
                states.put(callback.stateKey(), state);
            }
        }
        return states;
    }

    private static List<Object> loggerStates(List<Logger> loggers, long globalStep) {
        List<Object> states = new ArrayList<>();
        for (Logger logger : loggers) {
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("class", logger.getClass().getName());
            state.put("name", logger.name());
            state.put("version", logger.version());
            state.put("logDir", logger.logDir());
            state.put("globalStep", globalStep);
            state.putAll(logger.state());
            states.add(state);
        }
        return states;
    }

    private static Map<String, Object> encode(Map<String, Double> metrics) {
        Map<String, Object> out = new LinkedHashMap<>();
        metrics.forEach((name, value) -> out.put(name, StateValues.encode(value)));
        return out;
    }

    /** The monitored metrics a checkpoint saved, for {@code callbackMetrics} after a restore. */
    static Map<String, Double> callbackMetrics(Map<String, Object> state) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        StateValues.map(state, "callbackMetrics").forEach((name, value) -> metrics.put(name, StateValues.decode(value)));
        return metrics;
    }

    /**
     * Refuses a checkpoint a fit cannot continue from: one written with weights only, of another
     * format, or already past the fit's {@code maxEpochs} / {@code maxSteps}.
     */
    static void requireResumable(Checkpoint checkpoint, TrainerSettings settings) {
        Map<String, Object> state = checkpoint.state();
        long format = StateValues.longValue(state, "format", 0);
        if (format != FORMAT) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " has state format " + format
                    + "; this Sparkbolt reads format " + FORMAT);
        }
        if (Boolean.TRUE.equals(state.get("weightsOnly")) || !checkpoint.hasOptimizer()) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " holds weights only (saveWeightsOnly):"
                    + " it can start validate/test/predict, not resume a fit");
        }
        Map<String, Object> progress = StateValues.map(state, "progress");
        boolean epochEnded = Boolean.TRUE.equals(progress.get("epochEnded"));
        long nextEpoch = StateValues.longValue(progress, "epoch", 0) + (epochEnded ? 1 : 0);
        long step = StateValues.longValue(progress, "globalStep", 0);
        if (settings.maxEpochs() >= 0 && nextEpoch >= settings.maxEpochs()) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " is " + (epochEnded ? "past" : "in")
                    + " epoch " + (nextEpoch - (epochEnded ? 1 : 0)) + " (global step " + step + ") but trainer flag maxEpochs="
                    + settings.maxEpochs() + ": nothing left to train; raise maxEpochs to continue");
        }
        if (settings.maxSteps() >= 0 && step >= settings.maxSteps()) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " is at global step " + step
                    + " but trainer flag maxSteps=" + settings.maxSteps() + ": nothing left to train; raise maxSteps to continue");
        }
    }

    /** Puts the loops, the stop flag and the callbacks back where the checkpoint left them. */
    static void restore(Checkpoint checkpoint, Trainer trainer, DataModule data) {
        Map<String, Object> state = checkpoint.state();
        trainer.progress().load(StateValues.map(state, "progress"));
        Map<String, Object> stop = StateValues.map(state, "stop");
        if (Boolean.TRUE.equals(stop.get("requested"))) {
            trainer.requestStop((String) stop.get("reason"));
        }
        Map<String, Object> callbacks = StateValues.map(state, "callbacks");
        for (Callback callback : trainer.callbacks()) {
            Map<String, Object> saved = StateValues.map(callbacks, callback.stateKey());
            if (!saved.isEmpty()) {
                callback.loadState(saved);
            }
        }
        String savedShards = (String) StateValues.map(state, "data").get("trainShardsSha256");
        if (savedShards != null && !savedShards.equals(fingerprint(data.shards(Split.TRAIN)))) {
            LOG.warn("the training data differs from what checkpoint {} was trained on: the fit continues, but not exactly",
                    checkpoint.path());
        }
    }

    /** What each logger saved, in the order of the Trainer's loggers, for loggers that continue a version. */
    static List<Map<String, Object>> loggerStates(Map<String, Object> state) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (state.get("loggers") instanceof List<?> list) {
            for (Object item : list) {
                out.add(StateValues.asMap(item));
            }
        }
        return out;
    }
}

package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.checkpoint.Checkpoint;
import io.sparkbolt.trainer.checkpoint.Provenance;
import io.sparkbolt.trainer.checkpoint.CheckpointState;
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
 * Between a Trainer and its checkpoints' {@link CheckpointState}: {@link #capture} takes the
 * state of a run (the loops' counters and, inside an epoch, its metric accumulators, the stop
 * flag, the seed, the data's shard fingerprint, callback and logger states, the monitored
 * metrics, hyper-parameters, the resolved config, provenance) and {@link #restore} puts a Trainer
 * back where it was.
 */
final class TrainerState {
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(TrainerState.class);
    private static final String RNG_DERIVATION = "ND4J re-seeded every round from splitmix64(seed, split, epoch, firstBatch, worker);"
            + " shard order and in-shard shuffles seeded from (seed, epoch)";

    private TrainerState() {
    }

    /** The state of a running (or finished) entry point, as an immutable snapshot taken before anything is written. */
    static CheckpointState capture(Trainer trainer, LightningModule module, DataModule data, boolean weightsOnly,
                                   double elapsedSeconds, String config) {
        FitProgress progress = trainer.progress();
        TrainerSettings settings = trainer.settings();
        long seed = settings.effectiveSeed();
        return new CheckpointState(CheckpointState.FORMAT, System.currentTimeMillis(), weightsOnly, progress.epoch(),
                progress.globalStep(), progress.state(settings.strategy().trainBatchesPerRound()),
                new CheckpointState.Stop(trainer.shouldStop(), trainer.stopReason()), elapsedSeconds, seed,
                new CheckpointState.Rng(seed, RNG_DERIVATION),
                new CheckpointState.StrategyInfo(settings.strategy().name(), settings.strategy().isDeterministic()),
                module.getClass().getName(), Secrets.mask(module.hparams().asMap()), dataState(data), data.stateDict(),
                callbackStates(trainer.callbacks()),
                trainer.callbackMetrics(), // the epoch's, when saved at its end: published before checkpointing
                loggerStates(trainer.getLoggers(), progress.globalStep()), config, Provenance.versions());
    }

    /** The data source: the module, its arguments, and a fingerprint of its training shards in order. */
    private static CheckpointState.Data dataState(DataModule data) {
        List<? extends Shard> shards = data.shards(Split.TRAIN);
        return new CheckpointState.Data(data.getClass().getName(), Secrets.mask(data.hparams().asMap()), shards.size(),
                fingerprint(shards));
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

    private static Map<String, Map<String, Object>> callbackStates(List<Callback> callbacks) {
        Map<String, Map<String, Object>> states = new LinkedHashMap<>();
        for (Callback callback : callbacks) {
            Map<String, Object> state = callback.state();
            if (!state.isEmpty()) {
                states.put(callback.stateKey(), state);
            }
        }
        return states;
    }

    private static List<CheckpointState.LoggerState> loggerStates(List<Logger> loggers, long globalStep) {
        List<CheckpointState.LoggerState> states = new ArrayList<>();
        for (Logger logger : loggers) {
            states.add(new CheckpointState.LoggerState(logger.getClass().getName(), logger.name(), logger.version(), logger.logDir(),
                    globalStep, logger.state()));
        }
        return states;
    }

    /**
     * Refuses a checkpoint a fit cannot continue from: one written with weights only, of another
     * format, or already past the fit's {@code maxEpochs} / {@code maxSteps}.
     */
    static void requireResumable(Checkpoint checkpoint, TrainerSettings settings) {
        CheckpointState state = checkpoint.state();
        if (state.format() != CheckpointState.FORMAT) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " has state format " + state.format()
                    + "; this Sparkbolt reads format " + CheckpointState.FORMAT);
        }
        if (state.weightsOnly() || !checkpoint.hasOptimizer()) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " holds weights only (saveWeightsOnly):"
                    + " it can start validate/test/predict, not resume a fit");
        }
        CheckpointState.Loops progress = state.progress();
        boolean epochEnded = progress.epochEnded();
        long nextEpoch = progress.nextEpoch();
        long step = progress.globalStep();
        TrainerSettings.Stopping stopping = settings.stopping();
        if (stopping.epochsReached((int) nextEpoch)) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " is " + (epochEnded ? "past" : "in")
                    + " epoch " + progress.epoch() + " (global step " + step + ") but trainer flag maxEpochs="
                    + stopping.maxEpochs() + ": nothing left to train; raise maxEpochs to continue");
        }
        if (stopping.stepsReached(step)) {
            throw new SparkboltException("checkpoint " + checkpoint.path() + " is at global step " + step
                    + " but trainer flag maxSteps=" + stopping.maxSteps() + ": nothing left to train; raise maxSteps to continue");
        }
    }

    /** Puts the loops, the stop flag and the callbacks back where the checkpoint left them. */
    static void restore(Checkpoint checkpoint, Trainer trainer, DataModule data) {
        CheckpointState state = checkpoint.state();
        trainer.progress().load(state.progress());
        if (state.stop().requested()) {
            trainer.requestStop(state.stop().reason());
        }
        for (Callback callback : trainer.callbacks()) {
            Map<String, Object> saved = state.callback(callback.stateKey());
            if (!saved.isEmpty()) {
                callback.loadState(saved);
            }
        }
        String savedShards = state.data() == null ? null : state.data().trainShardsSha256();
        if (savedShards != null && !savedShards.equals(fingerprint(data.shards(Split.TRAIN)))) {
            LOG.warn("the training data differs from what checkpoint {} was trained on: the fit continues, but not exactly",
                    checkpoint.path());
        }
    }
}

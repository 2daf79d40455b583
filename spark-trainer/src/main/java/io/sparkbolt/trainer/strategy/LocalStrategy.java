package io.sparkbolt.trainer.strategy;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.network.Network;
import io.sparkbolt.trainer.predict.PredictionTask;
import io.sparkbolt.trainer.replica.ModelReplica;
import io.sparkbolt.trainer.replica.Seeds;
import io.sparkbolt.trainer.replica.ShardBatches;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training in this JVM, without Spark: one worker, one batch per round, so batch-level callbacks
 * see every batch. Each split keeps its open batch stream, so a validation run in the middle of
 * an epoch does not make training re-read what it already read. Reads the same shard descriptors a distributed strategy ships to executors.
 */
public final class LocalStrategy implements Strategy {
    private StrategyContext context;
    private ModelReplica replica;
    private final Map<Split, Cursor> cursors = new EnumMap<>(Split.class);

    @Override
    public String name() {
        return "local";
    }

    @Override
    public void setup(StrategyContext newContext) {
        this.context = newContext;
        this.cursors.clear();
        newContext.data().setup(newContext.stage());
    }

    @Override
    public void connect(Network network) {
        this.replica = new ModelReplica(context.module(), network, context.accumulateGradBatches(),
                context.clipping(), context.data().shape());
    }

    @Override
    public int trainBatchesPerRound() {
        return 1;
    }

    @Override
    public int evalBatchesPerRound() {
        return 1;
    }

    @Override
    public long batchesPerEpoch(Split split) {
        return ShardBatches.count(context.shardsOf(split), context.data().batchSize());
    }

    @Override
    public RoundResult run(Round round) {
        Iterator<Batch> batches = positionedAt(round);
        // Seeded per round, as a distributed worker is: dropout and other random ops then depend
        // only on where the fit stands, so a fit resumed from a checkpoint draws the same numbers.
        Nd4j.getRandom().setSeed(Seeds.forRound(context.seed(), round, 0));
        RoundResult result = switch (round.split()) {
            case TRAIN -> replica.train(batches, round);
            case VAL, TEST -> replica.evaluate(batches, round);
            case PREDICT -> PredictionTask.run(round.writeTo(), 0, 0, sink -> replica.predict(batches, round, sink));
        };
        cursors.put(round.split(), new Cursor(round.epoch(), round.firstBatch() + result.batches(), batches));
        return result;
    }

    /** The open batch stream continued, or a new one skipped forward to the round's first batch. */
    private Iterator<Batch> positionedAt(Round round) {
        Cursor cursor = cursors.get(round.split());
        if (cursor != null && cursor.matches(round)) {
            return cursor.batches();
        }
        return new ShardBatches(context.data(), context.shardsOf(round.split()), round.split(),
                round.epoch(), context.seed(), round.shuffle()).skip(round.firstBatch());
    }

    @Override
    public Network network() {
        return replica.network();
    }

    @Override
    public void teardown() {
        cursors.clear();
        if (context != null) {
            context.data().teardown(context.stage());
        }
    }

    /** Where the last round of a split stopped reading, so the next round of the same epoch continues there. */
    private record Cursor(int epoch, long nextBatch, Iterator<Batch> batches) {
        boolean matches(Round round) {
            return epoch == round.epoch() && nextBatch == round.firstBatch();
        }
    }
}

package com.example.mymodels;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Points (x, sin x) for x in [-pi, pi): a DataModule of one's own. The training split is cut into
 * four shards so each Spark worker reads its own; validation and test are one shard each, and
 * predict reads the test shard. Example i of a split is the same wherever it is made (its value
 * comes from a generator seeded with the split and i), so a shard needs no storage.
 */
public final class SineData extends DataModule {
    private static final int TRAIN_SHARDS = 4;
    private final int examples;
    private final int batchSize;

    public SineData(@Arg("examples") int examples, @Arg(value = "batchSize", defaultValue = "64") int batchSize) {
        if (examples < 10 * TRAIN_SHARDS) {
            throw new IllegalArgumentException("SineData: examples must be at least " + 10 * TRAIN_SHARDS + ", got " + examples);
        }
        this.examples = examples;
        this.batchSize = batchSize;
        saveHyperparameters(examples, batchSize);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        int held = examples / 10;
        return switch (split) {
            case TRAIN -> {
                int train = examples - 2 * held;
                int each = train / TRAIN_SHARDS;
                List<SineShard> shards = new ArrayList<>();
                for (int i = 0; i < TRAIN_SHARDS; i++) {
                    shards.add(new SineShard(Split.TRAIN, (long) i * each, i == TRAIN_SHARDS - 1 ? train - i * each : each));
                }
                yield shards;
            }
            case VAL -> List.of(new SineShard(Split.VAL, 0, held));
            case TEST, PREDICT -> List.of(new SineShard(Split.TEST, 0, held));
        };
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        SineShard sine = (SineShard) shard;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sine.count(); i++) {
            order.add(i);
        }
        if (read.shuffle() && read.split() == Split.TRAIN) {
            java.util.Collections.shuffle(order, new Random(read.shuffleSeed()));
        }
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            int n = Math.min(batchSize, order.size() - start);
            float[] x = new float[n];
            float[] y = new float[n];
            for (int j = 0; j < n; j++) {
                x[j] = point(sine.split(), sine.first() + order.get(start + j));
                y[j] = (float) Math.sin(x[j]);
            }
            batches.add(Batch.of(Nd4j.create(x, new long[] {n, 1}), Nd4j.create(y, new long[] {n, 1})));
        }
        return batches.iterator();
    }

    private static float point(Split split, long index) {
        // SplittableRandom mixes its seed: java.util.Random's first values for neighbouring seeds are close together
        SplittableRandom random = new SplittableRandom(split.ordinal() * 1_000_003L + index);
        return (float) ((random.nextDouble() * 2 - 1) * Math.PI);
    }
}

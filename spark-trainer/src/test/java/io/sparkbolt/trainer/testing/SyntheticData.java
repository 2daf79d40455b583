package io.sparkbolt.trainer.testing;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.api.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small, learnable classification data set generated from a seed: Gaussian blobs around one
 * centre per class. Counts what the Trainer asked of it, for tests.
 */
public final class SyntheticData extends DataModule {
    public static final int FEATURES = 8;
    public static final int CLASSES = 3;

    private final int batchSize;
    private final int trainExamples;
    private final int valExamples;
    private final int shardsPerSplit;
    public final AtomicInteger prepareCalls = new AtomicInteger();
    public final List<Stage> setupCalls = Collections.synchronizedList(new ArrayList<>());
    public final List<ShardRead> reads = Collections.synchronizedList(new ArrayList<>());

    public SyntheticData(int batchSize, int trainExamples, int valExamples, int shardsPerSplit) {
        this.batchSize = batchSize;
        this.trainExamples = trainExamples;
        this.valExamples = valExamples;
        this.shardsPerSplit = shardsPerSplit;
    }

    /** 8 batches of 8 training examples, 4 of validation, in one shard each. */
    public static SyntheticData small() {
        return new SyntheticData(8, 64, 32, 1);
    }

    @Override
    public void prepareData() {
        prepareCalls.incrementAndGet();
    }

    @Override
    public void setup(Stage stage) {
        setupCalls.add(stage);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public Optional<DataShape> shape() {
        return Optional.of(new DataShape(FEATURES, CLASSES));
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        int total = switch (split) {
            case TRAIN -> trainExamples;
            case VAL, TEST, PREDICT -> valExamples;
        };
        List<Range> shards = new ArrayList<>();
        for (int i = 0; i < shardsPerSplit && total > 0; i++) {
            shards.add(new Range(split, total * i / shardsPerSplit, total * (i + 1) / shardsPerSplit));
        }
        return shards;
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        reads.add(read);
        Range range = (Range) shard;
        List<Integer> order = new ArrayList<>();
        for (int i = range.from; i < range.to; i++) {
            order.add(i);
        }
        if (read.shuffle() && read.split() == Split.TRAIN) {
            Collections.shuffle(order, new Random(read.shuffleSeed()));
        }
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            List<Integer> ids = order.subList(start, Math.min(order.size(), start + batchSize));
            batches.add(batch(range.split, ids));
        }
        return batches.iterator();
    }

    /** Examples {@code ids} of {@code split} as one batch: each a point near its class centre, the same for an id every time. */
    public static Batch batch(Split split, List<Integer> ids) {
        float[] features = new float[ids.size() * FEATURES];
        float[] labels = new float[ids.size() * CLASSES];
        for (int row = 0; row < ids.size(); row++) {
            Random random = new Random(ids.get(row) * 31L + split.ordinal());
            int label = random.nextInt(CLASSES);
            for (int f = 0; f < FEATURES; f++) {
                float centre = (f % CLASSES == label) ? 2f : 0f;
                features[row * FEATURES + f] = centre + (float) random.nextGaussian() * 0.5f;
            }
            labels[row * CLASSES + label] = 1f;
        }
        return Batch.of(Nd4j.create(features, new long[] {ids.size(), FEATURES}, DataType.FLOAT),
                Nd4j.create(labels, new long[] {ids.size(), CLASSES}, DataType.FLOAT));
    }

    /** Examples {@code [from, to)} of a split. */
    record Range(Split split, int from, int to) implements Shard {
        @Override
        public long numExamples() {
            return to - from;
        }

        @Override
        public String describe() {
            return "synthetic " + split + "[" + from + "," + to + ")";
        }
    }
}

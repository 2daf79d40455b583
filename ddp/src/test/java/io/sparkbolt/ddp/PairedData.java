package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The same examples two ways, never shuffled: {@code parts} shards of {@code perPart} examples
 * read in batches of {@code batchSize} (what {@code parts} ddp workers read), or, merged, one
 * shard whose batch k is every part's batch k together (what one worker with batch
 * {@code parts × batchSize} reads). Validation is a copy of the first part.
 */
final class PairedData extends DataModule {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private final int parts;
    private final int perPart;
    private final int batchSize;
    private final boolean merged;

    PairedData(int parts, int perPart, int batchSize, boolean merged) {
        this.parts = parts;
        this.perPart = perPart;
        this.batchSize = batchSize;
        this.merged = merged;
    }

    @Override
    public int batchSize() {
        return merged ? parts * batchSize : batchSize;
    }

    @Override
    public Optional<DataShape> shape() {
        return Optional.of(new DataShape(FEATURES, CLASSES));
    }

    @Override
    public List<? extends Shard> shards(Split split) {
        if (split != Split.TRAIN) {
            return List.of(new Part(split, 0, perPart));
        }
        List<Part> shards = new ArrayList<>();
        for (int part = 0; part < (merged ? 1 : parts); part++) {
            shards.add(new Part(split, merged ? -1 : part, merged ? (long) parts * perPart : perPart));
        }
        return shards;
    }

    @Override
    public Iterator<Batch> open(Shard shard, ShardRead read) {
        Part part = (Part) shard;
        List<Batch> batches = new ArrayList<>();
        for (int start = 0; start < perPart; start += batchSize) {
            List<Integer> ids = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                if (part.index() == p || (part.index() < 0 && part.split() == Split.TRAIN)) {
                    for (int i = start; i < Math.min(perPart, start + batchSize); i++) {
                        ids.add(p * perPart + i);
                    }
                }
            }
            batches.add(batch(ids));
        }
        return batches.iterator();
    }

    private static Batch batch(List<Integer> ids) {
        float[] features = new float[ids.size() * FEATURES];
        float[] labels = new float[ids.size() * CLASSES];
        for (int row = 0; row < ids.size(); row++) {
            Random random = new Random(ids.get(row) * 31L + 7);
            int label = random.nextInt(CLASSES);
            for (int f = 0; f < FEATURES; f++) {
                features[row * FEATURES + f] = (f % CLASSES == label ? 2f : 0f) + (float) random.nextGaussian() * 0.5f;
            }
            labels[row * CLASSES + label] = 1f;
        }
        return Batch.of(Nd4j.create(features, new long[] {ids.size(), FEATURES}, DataType.FLOAT),
                Nd4j.create(labels, new long[] {ids.size(), CLASSES}, DataType.FLOAT));
    }

    /** Part {@code index} of a split; -1: all parts merged. */
    record Part(Split split, int index, long numExamples) implements Shard {

        @Override
        public String describe() {
            return "paired " + split + " part " + index;
        }
    }
}

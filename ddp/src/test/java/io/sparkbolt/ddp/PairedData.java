package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.DataShape;
import io.sparkbolt.trainer.api.Shard;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The same examples two ways, never shuffled: {@code parts} shards of {@code perPart} examples
 * read in batches of {@code batchSize} (what {@code parts} ddp workers read), or, merged, one
 * shard whose batch k is every part's batch k together (what one worker with batch
 * {@code parts × batchSize} reads). Validation is a copy of the first part; examples are
 * {@link SyntheticData}'s.
 */
final class PairedData extends DataModule {
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
        return Optional.of(new DataShape(SyntheticData.FEATURES, SyntheticData.CLASSES));
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
            batches.add(SyntheticData.batch(Split.TRAIN, ids));
        }
        return batches.iterator();
    }

    /** Part {@code index} of a split; -1: all parts merged. */
    record Part(Split split, int index, long numExamples) implements Shard {

        @Override
        public String describe() {
            return "paired " + split + " part " + index;
        }
    }
}

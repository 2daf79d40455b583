package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.api.ShardRead;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.replica.ShardBatches;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skipping forward in a batch stream passes whole shards of known size without opening them. */
class ShardBatchesTest {

    @Test
    void skipPassesWholeShardsUnopenedAndLandsOnTheSameBatch() {
        SyntheticData data = new SyntheticData(8, 64, 16, 4); // 4 training shards of 16 examples: 2 batches each
        ShardBatches full = new ShardBatches(data, data.shards(Split.TRAIN), Split.TRAIN, 0, 7, true);
        for (int i = 0; i < 5; i++) {
            full.next();
        }
        data.reads.clear();

        ShardBatches skipped = new ShardBatches(data, data.shards(Split.TRAIN), Split.TRAIN, 0, 7, true).skip(5);
        assertEquals(List.of(2), data.reads.stream().map(ShardRead::shardIndex).toList(),
                "shards 0 and 1 (4 batches) are passed over unopened; shard 2 is read for its first batch");
        while (full.hasNext()) {
            Batch expected = full.next();
            Batch actual = skipped.next();
            assertEquals(expected.features(), actual.features());
        }
        assertFalse(skipped.hasNext());
        assertFalse(new ShardBatches(data, data.shards(Split.TRAIN), Split.TRAIN, 0, 7, true).skip(100).hasNext());
    }
}

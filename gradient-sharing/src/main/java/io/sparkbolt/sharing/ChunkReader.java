package io.sparkbolt.sharing;

import io.sparkbolt.trainer.workers.ShardReader;
import io.sparkbolt.trainer.api.Batch;
import io.sparkbolt.trainer.strategy.Round;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The executor side of a chunk's data: each partition (one worker) reads its next batches from
 * its shards, where the data lives. A static top-level class, so no driver object travels in the
 * closure.
 */
final class ChunkReader implements FlatMapFunction<Iterator<Integer>, DataSet> {
    private final ShardReader reader;
    private final Round round;

    ChunkReader(ShardReader reader, Round round) {
        this.reader = reader;
        this.round = round;
    }

    @Override
    public Iterator<DataSet> call(Iterator<Integer> workers) {
        List<DataSet> batches = new ArrayList<>();
        while (workers.hasNext()) {
            for (Batch batch : reader.take(workers.next(), round)) {
                batches.add(batch.dataSet());
            }
        }
        return batches.iterator();
    }
}

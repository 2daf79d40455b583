package io.sparkbolt.sharing;

import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.nd4j.linalg.dataset.DataSet;

/** Batches and examples in each partition (worker) of a chunk: one {@code {batches, examples}} pair per partition. */
final class ChunkCount implements FlatMapFunction<Iterator<DataSet>, long[]> {
    @Override
    public Iterator<long[]> call(Iterator<DataSet> batches) {
        long count = 0;
        long examples = 0;
        while (batches.hasNext()) {
            examples += batches.next().numExamples();
            count++;
        }
        return List.of(new long[] {count, examples}).iterator();
    }
}

package io.sparkbolt.averaging;

import java.io.Serializable;
import java.util.Collection;
import java.util.TreeMap;

/**
 * The round's aggregator for {@code treeAggregate}: mergeable, serialisable, with an empty zero
 * value. It keeps each worker's contribution apart, by worker index, so that the driver sums them
 * in worker order: the result then does not depend on which task finished first, and the same
 * seed gives bit-identical parameters.
 */
final class WorkerResults implements Serializable {
    private final TreeMap<Integer, WorkerResult> byWorker = new TreeMap<>();

    /** {@code seqOp}: adds one worker's result. */
    WorkerResults add(WorkerResult result) {
        byWorker.put(result.worker(), result);
        return this;
    }

    /** {@code combOp}: merges two partial aggregates. */
    WorkerResults merge(WorkerResults other) {
        byWorker.putAll(other.byWorker);
        return this;
    }

    /** The results in worker order. */
    Collection<WorkerResult> inOrder() {
        return byWorker.values();
    }
}

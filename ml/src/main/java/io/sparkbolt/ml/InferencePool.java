package io.sparkbolt.ml;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The networks an executor JVM has restored for a model's transform, kept between its partitions:
 * restoring a network from the checkpoint's bytes can cost more than inferring a small partition,
 * so a partition borrows an idle one when there is one and gives it back when its task ends. A
 * network serves one task at a time (DL4J networks are not shared between threads), so a JVM holds
 * at most as many per model as it runs tasks at once. Keyed by the broadcast value itself, which
 * the JVM deserialises once per broadcast: when Spark drops the broadcast, its networks go too.
 */
final class InferencePool {
    private static final Map<TrainedNetwork, Deque<TrainedNetwork.Inference>> IDLE = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicLong RESTORED = new AtomicLong();

    private InferencePool() {
    }

    /**
     * A network of {@code model} for the running task: an idle one, or one restored now. It goes
     * back to the pool when the task completes (Spark calls the listener also for a task that did
     * not read its whole partition).
     */
    static TrainedNetwork.Inference borrow(TrainedNetwork model) {
        TrainedNetwork.Inference inference;
        synchronized (IDLE) {
            Deque<TrainedNetwork.Inference> idle = IDLE.get(model);
            inference = idle == null ? null : idle.poll();
        }
        if (inference == null) {
            inference = model.open();
            RESTORED.incrementAndGet();
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
            TrainedNetwork.Inference borrowed = inference;
            task.addTaskCompletionListener((TaskCompletionListener) done -> giveBack(model, borrowed));
        }
        return inference;
    }

    private static void giveBack(TrainedNetwork model, TrainedNetwork.Inference inference) {
        synchronized (IDLE) {
            IDLE.computeIfAbsent(model, m -> new ArrayDeque<>()).push(inference);
        }
    }

    /** Networks restored in this JVM so far (for tests). */
    static long restored() {
        return RESTORED.get();
    }
}

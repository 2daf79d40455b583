package io.sparkbolt.trainer.workers;

import java.lang.reflect.Field;
import java.util.Collections;
import java.util.Set;
import java.util.Timer;
import java.util.WeakHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.TaskSchedulerImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark 3.5's barrier mode starts two {@code java.util.Timer}s whose threads are not daemons and
 * are never cancelled: one per JVM that runs barrier tasks ({@code BarrierTaskContext}'s "Barrier
 * task timer for barrier() calls."), one per Spark context on the driver ({@code
 * BarrierCoordinator}'s "barrier epoch increment timer"). On a cluster executors end with their
 * processes, but in local mode both live in the driver's JVM, so a Java program that trains with
 * {@code ddp} would never exit after returning from {@code main}. This class swaps each timer for
 * a daemon one: the task timer before the JVM's first barrier call, the coordinator's after the
 * context's first barrier stage. Both reach into Spark's internals by name; if a Spark version names them
 * otherwise, nothing is changed (and a later Spark may not need it).
 */
final class BarrierTimers {
    private static final Logger LOG = LoggerFactory.getLogger(BarrierTimers.class);
    private static final String TASK_TIMER_NAME = "Barrier task timer for barrier() calls.";
    private static final String COORDINATOR_TIMER_NAME = "BarrierCoordinator barrier epoch increment timer";
    private static final Set<SparkContext> REPLACED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private static boolean taskTimerReplaced;

    private BarrierTimers() {
    }

    /** In a barrier task, before its first barrier call: this JVM's barrier task timer becomes a daemon (once per JVM). */
    static synchronized void useDaemonTaskTimer() {
        if (taskTimerReplaced) {
            return;
        }
        taskTimerReplaced = true;
        try {
            Object context = Class.forName("org.apache.spark.BarrierTaskContext$").getField("MODULE$").get(null);
            Field field = context.getClass().getDeclaredField("org$apache$spark$BarrierTaskContext$$timer");
            field.setAccessible(true);
            Timer old = (Timer) field.get(context);
            field.set(context, new Timer(TASK_TIMER_NAME, true));
            old.cancel();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("left Spark's barrier task timer as it is: {}", e.toString());
        }
    }

    /**
     * On the driver, after a barrier stage finished (no barrier call is in flight): {@code spark}'s
     * barrier coordinator gets a daemon timer in place of its own (once per context).
     */
    static void useDaemonCoordinatorTimer(SparkContext spark) {
        if (!REPLACED.add(spark)) {
            return;
        }
        try {
            if (!(spark.taskScheduler() instanceof TaskSchedulerImpl scheduler) || scheduler.barrierCoordinator() == null) {
                return;
            }
            Object coordinator = scheduler.barrierCoordinator();
            Field timer = coordinator.getClass().getDeclaredField("org$apache$spark$BarrierCoordinator$$timer");
            Field initialised = coordinator.getClass().getDeclaredField("bitmap$0"); // the lazy val's flag
            timer.setAccessible(true);
            initialised.setAccessible(true);
            synchronized (coordinator) { // where Scala initialises the lazy val
                Timer old = initialised.getBoolean(coordinator) ? (Timer) timer.get(coordinator) : null;
                timer.set(coordinator, new Timer(COORDINATOR_TIMER_NAME, true));
                initialised.setBoolean(coordinator, true);
                if (old != null) {
                    old.cancel();
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("left Spark's barrier coordinator timer as it is: {}", e.toString());
        }
    }
}

package io.sparkbolt.trainer.workers;

import io.sparkbolt.trainer.replica.Seeds;
import io.sparkbolt.trainer.strategy.Round;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * A test-only fault injector: fails the first attempt of chosen worker tasks, at a chosen point
 * of the round, so that tests can prove that Spark's retries change nothing. Off unless a test
 * calls {@link #enable} in the JVM that runs the tasks (local mode), or the executors start with
 * {@code -Dsparkbolt.test.taskFaults=RATE} (and {@code .seed=SEED}); production never sets either. Which tasks fail is
 * a pure function of (seed, round, worker), so a run's faults are the same every time.
 */
public final class TaskFaults {
    /** Where in a worker's round an injected failure happens. */
    public enum Point {
        /** Before the worker touches its model or data. */
        BEFORE_COMPUTE,
        /** After the first batch of the round was trained. */
        MID_COMPUTE,
        /** After the round's result was computed, before it is returned. */
        AFTER_COMPUTE
    }

    private static final String PROPERTY = "sparkbolt.test.taskFaults";
    private static volatile double rate = parse(System.getProperty(PROPERTY), 0);
    private static volatile long seed = (long) parse(System.getProperty(PROPERTY + ".seed"), 0);
    private static final Map<Point, AtomicInteger> INJECTED = new ConcurrentHashMap<>();
    private static final Set<String> FAILED_ROUNDS = ConcurrentHashMap.newKeySet();

    private TaskFaults() {
    }

    /** Fails about {@code failureRate} of the worker tasks (first attempts only), choosing them with {@code faultSeed}. */
    public static void enable(double failureRate, long faultSeed) {
        seed = faultSeed;
        rate = failureRate;
        INJECTED.clear();
        FAILED_ROUNDS.clear();
    }

    /** Turns injection off. */
    public static void disable() {
        rate = 0;
    }

    /** How many failures were injected at {@code point} since {@link #enable}. */
    public static int injected(Point point) {
        AtomicInteger count = INJECTED.get(point);
        return count == null ? 0 : count.get();
    }

    /** How many distinct rounds (of any split) had a task fail since {@link #enable}. */
    public static int failedRounds() {
        return FAILED_ROUNDS.size();
    }

    /** Fails here if this task is one to fail at {@code point}. */
    static void at(Point point, Round round, int worker) {
        at(point, round, worker, 0);
    }

    /** As {@link #at(Point, Round, int)} for a job the driver submits again after a failure: attempts after the first never fail. */
    static void at(Point point, Round round, int worker, int jobAttempt) {
        if (rate <= 0 || jobAttempt > 0 || planned(round, worker) != point) {
            return;
        }
        INJECTED.computeIfAbsent(point, p -> new AtomicInteger()).incrementAndGet();
        FAILED_ROUNDS.add(round.split() + "/" + round.epoch() + "/" + round.firstBatch());
        throw new InjectedFault(point + " of worker " + worker + " in " + round.split() + " epoch " + round.epoch()
                + " batch " + round.firstBatch());
    }

    /** {@code batches}, failing after the first one is handed out if this task is to fail mid-compute. */
    static <T> Iterator<T> failingMidway(Iterator<T> batches, Round round, int worker) {
        return failingMidway(batches, round, worker, 0);
    }

    /** As {@link #failingMidway(Iterator, Round, int)} within job attempt {@code jobAttempt}. */
    static <T> Iterator<T> failingMidway(Iterator<T> batches, Round round, int worker, int jobAttempt) {
        if (rate <= 0 || jobAttempt > 0 || planned(round, worker) != Point.MID_COMPUTE) {
            return batches;
        }
        return new Iterator<>() {
            private boolean first = true;

            @Override
            public boolean hasNext() {
                if (!first) {
                    at(Point.MID_COMPUTE, round, worker);
                }
                return batches.hasNext();
            }

            @Override
            public T next() {
                first = false;
                return batches.next();
            }
        };
    }

    /** The point this task fails at, or {@code null}: only first attempts, a fraction {@code rate} of them. */
    private static Point planned(Round round, int worker) {
        TaskContext task = TaskContext.get();
        if (task == null || task.attemptNumber() > 0 || task.stageAttemptNumber() > 0) { // a barrier stage re-runs as a new stage attempt
            return null;
        }
        long mixed = Seeds.mix(seed, round.epoch(), (int) round.firstBatch(), worker * 31 + round.split().ordinal());
        double draw = (mixed >>> 11) * 0x1.0p-53;
        if (draw >= rate) {
            return null;
        }
        return Point.values()[(int) Math.floorMod(mixed, Point.values().length)];
    }

    private static double parse(String value, double fallback) {
        return value == null ? fallback : Double.parseDouble(value);
    }

    /** The injected failure. */
    static final class InjectedFault extends RuntimeException {
        InjectedFault(String where) {
            super("injected task failure: " + where);
        }
    }
}

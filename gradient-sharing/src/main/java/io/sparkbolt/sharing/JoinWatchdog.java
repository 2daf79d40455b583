package io.sparkbolt.sharing;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Bounds a wait that has no bound of its own: after {@code timeoutMillis}, if {@code joined} is
 * still false, the watched thread is interrupted and {@link #fired()} turns true. DL4J waits for
 * the controller's introduction in a sleep loop that ends only when interrupted.
 */
final class JoinWatchdog implements AutoCloseable {
    private final ScheduledExecutorService timer;
    private final AtomicBoolean fired = new AtomicBoolean();

    private JoinWatchdog(Thread watched, BooleanSupplier joined, long timeoutMillis) {
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sparkbolt-exchange-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.schedule(() -> {
            if (!joined.getAsBoolean()) {
                fired.set(true);
                watched.interrupt();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Watches the calling thread. */
    static JoinWatchdog watchCurrentThread(BooleanSupplier joined, long timeoutMillis) {
        return new JoinWatchdog(Thread.currentThread(), joined, timeoutMillis);
    }

    /** Whether the timeout passed without joining (and the thread was interrupted). */
    boolean fired() {
        return fired.get();
    }

    /** Stops watching; clears an interrupt the watchdog may have left on the calling thread. */
    @Override
    public void close() {
        timer.shutdownNow();
        if (fired.get()) {
            Thread.interrupted();
        }
    }
}

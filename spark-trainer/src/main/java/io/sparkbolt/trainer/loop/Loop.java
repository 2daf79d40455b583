package io.sparkbolt.trainer.loop;

/**
 * The template every loop follows, as in Lightning: {@link #run()} resets, starts, advances until
 * {@link #done()}, and ends. Subclasses fill in the steps, never the control flow.
 *
 * @param <T> what the loop returns
 */
abstract class Loop<T> {

    /** Runs the loop to its end. */
    final T run() {
        reset();
        onRunStart();
        while (!done()) {
            advance();
        }
        return onRunEnd();
    }

    /** Sets the loop's own counters for a new run. */
    protected void reset() {
    }

    protected void onRunStart() {
    }

    /** Whether the loop has finished. */
    protected abstract boolean done();

    /** One step of the loop (one round, one epoch). */
    protected abstract void advance();

    protected abstract T onRunEnd();
}

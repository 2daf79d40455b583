package io.sparkbolt.trainer.spark;

/**
 * A Spark task failed with an exception that is not about the input (no {@code SparkboltException}
 * among its causes, not memory): a bug, in Sparkbolt or in the user's module. Its message names the
 * job and the cause's class and message; the command line reports it with exit status 1, not the
 * status of bad input, and points at {@code --verbose} for the trace.
 */
public final class TaskFailure extends RuntimeException {
    TaskFailure(String message, Throwable cause) {
        super(message, cause);
    }
}

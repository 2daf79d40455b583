package io.sparkbolt.trainer.api;

/**
 * An error the user can act on: its message is one line saying what went wrong and where
 * (file, line, key, step). The command line prints only that line and exits non-zero.
 */
public class SparkboltException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SparkboltException(String message) {
        super(message);
    }

    public SparkboltException(String message, Throwable cause) {
        super(message, cause);
    }
}

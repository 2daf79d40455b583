package io.sparkbolt.data;

/** A row that cannot be used: {@code kind} counts it, the message says what is wrong with it. */
final class BadRowException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String kind;

    BadRowException(String kind, String message) {
        super(message, null, false, false); // many may be thrown while skipping: no stack traces
        this.kind = kind;
    }

    /** A short name of the problem, used to count skipped rows: {@code columns}, {@code number}, {@code label}, {@code nonfinite}. */
    String kind() {
        return kind;
    }
}

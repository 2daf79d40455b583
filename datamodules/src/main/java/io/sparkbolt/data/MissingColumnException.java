package io.sparkbolt.data;

/**
 * A column the example needs is not in a data file (another schema, or a table's renamed physical
 * columns): the frame is then staged rather than read in place.
 */
final class MissingColumnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingColumnException(String message) {
        super(message, null, false, false);
    }
}

package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.Locale;

/**
 * What a data module does with a row it cannot use (wrong number of columns, a field that is not
 * a number, a label outside the classes, a NaN or infinite feature).
 */
public enum BadRowPolicy {
    /** Stop the run with one line naming the file, the line (or byte offset) and the problem. The default. */
    FAIL,
    /** Leave the row out, count it, and report the count once the data has been read. */
    SKIP;

    /** {@code fail} or {@code skip}, as written in a config. */
    public static BadRowPolicy parse(String owner, String value) {
        if (value == null) {
            return FAIL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new SparkboltException(owner + ": onBadRow must be fail or skip, got '" + value + "'");
        }
    }
}

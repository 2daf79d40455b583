package io.sparkbolt.trainer;

import io.sparkbolt.trainer.api.SparkboltException;
import java.time.Duration;

/** Durations as Lightning writes them, for {@code maxTime} and the {@code Timer} callback. */
public final class Durations {
    private Durations() {
    }

    /**
     * Lightning's {@code DD:HH:MM:SS}, or a number with a unit ({@code 90s}, {@code 15m}, {@code 2h},
     * {@code 1d}), or ISO-8601 ({@code PT90S}).
     *
     * @throws java.time.format.DateTimeParseException when the text is none of these
     */
    public static Duration parse(String text) {
        String value = text.trim();
        if (value.matches("\\d+:\\d{1,2}:\\d{1,2}:\\d{1,2}")) {
            String[] p = value.split(":");
            return Duration.ofDays(Long.parseLong(p[0])).plusHours(Long.parseLong(p[1]))
                    .plusMinutes(Long.parseLong(p[2])).plusSeconds(Long.parseLong(p[3]));
        }
        if (value.matches("\\d+(\\.\\d+)?[smhd]")) {
            double amount = Double.parseDouble(value.substring(0, value.length() - 1));
            long seconds = switch (value.charAt(value.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                default -> 86400;
            };
            return Duration.ofMillis(Math.round(amount * seconds * 1000));
        }
        return Duration.parse(value);
    }

    /** {@link #parse(String)} for a setting that must be positive; {@code what} names it in the one-line error. */
    public static Duration parsePositive(String what, String text) {
        try {
            Duration parsed = parse(text == null ? "" : text);
            if (!parsed.isNegative() && !parsed.isZero()) {
                return parsed;
            }
        } catch (RuntimeException e) {
            // falls through to the message below
        }
        throw new SparkboltException(what + " must be DD:HH:MM:SS or a positive number with s, m, h or d, got '" + text + "'");
    }
}

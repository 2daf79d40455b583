package io.sparkbolt.trainer.api;

import java.util.Collection;

/**
 * "did you mean ...?" for mistyped names (config keys, arguments, classes, metrics): the closest
 * known name within two edits. For error messages, the Trainer's and a module's own.
 */
public final class Suggestions {
    private Suggestions() {
    }

    /** {@code " (did you mean maxEpochs?)"}, or empty when nothing is close. */
    public static String didYouMean(String typed, Collection<String> known) {
        String best = closest(typed, known);
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    /** The known name closest to {@code typed} (ignoring case) within two edits, or {@code null}. */
    public static String closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = distance(typed.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}

package io.sparkbolt.submit;

import java.util.List;
import java.util.stream.Collectors;

/** A command as one line a POSIX shell runs unchanged: words with special characters in single quotes. */
final class ShellQuoting {
    private ShellQuoting() {
    }

    static String join(List<String> words) {
        return words.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=,@%+-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }
}

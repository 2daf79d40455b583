package io.sparkbolt.submit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/** The final metrics: a table on the terminal and, with {@code --results}, one JSON object in a file. */
final class Results {
    private Results() {
    }

    /** Writes {@code metrics} to {@code location} (path or Hadoop URI) atomically. */
    static void write(String location, Map<String, Double> metrics) {
        try {
            byte[] json = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(new TreeMap<>(metrics));
            Storage.writeAtomically(Storage.path(location), json);
        } catch (IOException e) {
            throw new SparkboltException("cannot write results " + location + ": " + e.getMessage(), e);
        }
    }

    /** Prints the metrics as a two-column table. */
    static void print(String title, Map<String, Double> metrics, PrintStream out) {
        int width = Math.max(title.length(), metrics.keySet().stream().mapToInt(String::length).max().orElse(0));
        String rule = "-".repeat(width + 18);
        out.println(rule);
        out.printf("%-" + width + "s   %14s%n", title, "value");
        out.println(rule);
        new TreeMap<>(metrics).forEach((name, value) -> out.printf("%-" + width + "s   %14.6f%n", name, value));
        out.println(rule);
    }
}

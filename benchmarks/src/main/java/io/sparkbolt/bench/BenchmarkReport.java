package io.sparkbolt.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A benchmark's report: a markdown table with the machine, JDK, versions and the command, printed
 * and appended (dated) to {@code BENCHMARKS.md}, and a last line of {@code key=value} pairs that
 * scripts read.
 */
final class BenchmarkReport {
    private final String title;
    private final String command;
    private final List<String> lines = new ArrayList<>();

    BenchmarkReport(String title, String command) {
        this.title = title;
        this.command = command;
    }

    /** Adds a line of the report body (markdown). */
    BenchmarkReport line(String text) {
        lines.add(text);
        return this;
    }

    /** Prints the report and appends it to {@code markdownFile} (when not null); {@code summary} ends the output. */
    void publish(Path markdownFile, String summary) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("\n## ").append(title).append(" — ").append(LocalDate.now()).append("\n\n");
        md.append("- machine: ").append(machine()).append('\n');
        md.append("- JDK: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version")).append('\n');
        md.append("- versions: DL4J/ND4J ").append(manifest("Sparkbolt-DL4J-Version"))
                .append(", Spark ").append(manifest("Sparkbolt-Spark-Version"))
                .append(", OMP_NUM_THREADS=").append(System.getenv().getOrDefault("OMP_NUM_THREADS", "unset")).append('\n');
        md.append("- command: `").append(command).append("`\n\n");
        lines.forEach(line -> md.append(line).append('\n'));
        md.append("\n`").append(summary).append("`\n");
        System.out.print(md);
        if (markdownFile != null) {
            Files.writeString(markdownFile, md.toString(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.out.println(summary);
    }

    static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String seconds(List<Double> values) {
        return Arrays.toString(values.stream().mapToDouble(v -> Math.round(v * 100) / 100.0).toArray());
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException ignored) {
            // not Linux; the core count still says something
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
                + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB heap, " + System.getProperty("os.name");
    }

    private static String manifest(String key) {
        try (var in = BenchmarkReport.class.getResourceAsStream("/META-INF/MANIFEST.MF")) {
            if (in != null) {
                String value = new java.util.jar.Manifest(in).getMainAttributes().getValue(key);
                if (value != null) {
                    return value;
                }
            }
        } catch (IOException ignored) {
            // running from classes, not the jar
        }
        return "?";
    }
}

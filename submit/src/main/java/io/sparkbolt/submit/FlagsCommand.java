package io.sparkbolt.submit;

import io.sparkbolt.trainer.TrainerFlag;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

import picocli.CommandLine.Command;

/**
 * {@code sparkbolt flags}: every {@code trainer:} key with what it takes, its default, where it
 * applies and what it does, from {@link TrainerFlag}'s one definition; {@code --markdown} prints
 * the table {@code docs/command-line.md} holds.
 */
@Command(name = "flags", mixinStandardHelpOptions = true, description = "List the trainer flags a config may set.")
final class FlagsCommand implements Runnable {
    /** The trainer keys that are not flags: read by the config itself. */
    private static final List<String[]> SECTIONS = List.of(
            new String[] {"strategy", "name or {name: ..., options}", "local", "all",
                "where steps run: local, parameter-averaging, gradient-sharing (docs/strategies.md)"},
            new String[] {"callbacks", "list of {class, args}", "[]", "all", "callbacks, e.g. ModelCheckpoint (docs/concepts.md)"},
            new String[] {"loggers", "list of {class, args} or false", "[CsvLogger]", "fit", "loggers; false: none"});

    @Option(names = "--markdown", description = "print the table as Markdown (the one in docs/command-line.md)")
    boolean markdown;

    @Override
    public void run() {
        System.out.print(markdown ? markdownTable() : table());
    }

    /**
     * The flag table, from the same definitions that validate the YAML: printed by
     * {@code sparkbolt flags} and at the end of every run command's {@code --help}.
     */
    static String table() {
        StringBuilder out = new StringBuilder();
        for (String[] row : rows()) {
            out.append(String.format("%-24s %-36s %-10s %s%n", row[0], row[1], row[2], row[4]));
        }
        return out.toString();
    }

    /** The same rows as a Markdown table. */
    static String markdownTable() {
        StringBuilder out = new StringBuilder("| flag | takes | default | applies to | meaning |\n|---|---|---|---|---|\n");
        for (String[] row : rows()) {
            out.append("| ").append(row[0]).append(" | ").append(row[1].replace("|", "/")).append(" | `").append(row[2])
                    .append("` | ").append(row[3]).append(" | ").append(row[4]).append(" |\n");
        }
        return out.toString();
    }

    private static List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        for (TrainerFlag flag : TrainerFlag.ALL) {
            rows.add(new String[] {flag.name(), flag.kind().shape(), flag.defaultValue(), flag.appliesTo(), flag.description()});
        }
        rows.addAll(SECTIONS);
        return rows;
    }
}

package io.sparkbolt.submit;

import io.sparkbolt.trainer.TrainerFlag;
import io.sparkbolt.trainer.strategy.StrategyOption;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

import picocli.CommandLine.Command;

/**
 * {@code sparkbolt flags}: every {@code trainer:} key with what it takes, its default, where it
 * applies and what it does, from {@link TrainerFlag}'s one definition; {@code --markdown} prints
 * the table {@code docs/command-line.md} holds; {@code --strategy NAME} lists a strategy's options
 * from its {@link StrategyOption} definitions (the tables in {@code docs/strategies.md}).
 */
@Command(name = "flags", mixinStandardHelpOptions = true, description = "List the trainer flags a config may set.")
final class FlagsCommand implements Runnable {
    /** The trainer keys that are not flags: read by the config itself. */
    private static final List<String[]> SECTIONS = List.of(
            new String[] {"strategy", "name or {name: ..., options}", "local", "all",
                "where steps run: local, parameter-averaging, gradient-sharing; its options: flags --strategy NAME"},
            new String[] {"callbacks", "list of {class, args}", "[]", "all", "callbacks, e.g. ModelCheckpoint (docs/concepts.md)"},
            new String[] {"loggers", "list of {class, args} or false", "[CsvLogger]", "fit", "loggers; false: none"});

    @Option(names = "--markdown", description = "print the table as Markdown (the one in docs/command-line.md)")
    boolean markdown;

    @Option(names = "--strategy", paramLabel = "NAME", description = "list the options of this strategy instead (docs/strategies.md)")
    String strategy;

    @Override
    public void run() {
        if (strategy != null) {
            StrategyProvider provider;
            try {
                provider = StrategyProvider.named(strategy);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), e.getMessage());
            }
            System.out.print(markdown ? strategyMarkdownTable(provider) : strategyTable(provider));
            return;
        }
        System.out.print(markdown ? markdownTable() : table());
    }

    /** A strategy's options, from the definitions that read them: {@code sparkbolt flags --strategy NAME}. */
    static String strategyTable(StrategyProvider provider) {
        if (provider.options().isEmpty()) {
            return "strategy " + provider.name() + " takes no options\n";
        }
        StringBuilder out = new StringBuilder();
        for (StrategyOption<?> option : provider.options()) {
            out.append(String.format("%-24s %-36s %-10s %s%n", option.name(), option.shape(), option.defaultValue(), option.description()));
        }
        return out.toString();
    }

    /** The same as a Markdown table: the one docs/strategies.md holds for the strategy. */
    static String strategyMarkdownTable(StrategyProvider provider) {
        StringBuilder out = new StringBuilder("| option | takes | default | meaning |\n|---|---|---|---|\n");
        for (StrategyOption<?> option : provider.options()) {
            out.append("| ").append(option.name()).append(" | ").append(option.shape().replace("|", "/")).append(" | `")
                    .append(option.defaultValue()).append("` | ").append(option.description()).append(" |\n");
        }
        return out.toString();
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

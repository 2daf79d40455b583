package io.sparkbolt.submit;

import picocli.CommandLine.Command;

/** {@code sparkbolt flags}: every {@code trainer:} key with what it takes and what it does. */
@Command(name = "flags", mixinStandardHelpOptions = true, description = "List the trainer flags a config may set.")
final class FlagsCommand implements Runnable {
    @Override
    public void run() {
        System.out.print(table());
    }

    /**
     * The flag table, from the same descriptions that validate the YAML: printed by
     * {@code sparkbolt flags} and at the end of every run command's {@code --help}.
     */
    static String table() {
        StringBuilder out = new StringBuilder();
        for (TrainerFlag flag : TrainerFlag.ALL) {
            out.append(String.format("%-24s %-36s %s%n", flag.name(), flag.kind().shape(), flag.description()));
        }
        out.append(String.format("%-24s %-36s %s%n", "strategy", "name or {name: ..., options}", "where steps run: local (more with the Spark modules)"));
        out.append(String.format("%-24s %-36s %s%n", "callbacks", "list of {class, args}", "callbacks, e.g. ModelCheckpoint"));
        out.append(String.format("%-24s %-36s %s%n", "loggers", "list of {class, args} or false", "loggers (default: CsvLogger)"));
        return out.toString();
    }
}

package io.sparkbolt.submit;

import picocli.CommandLine.Command;

/** {@code sparkbolt flags}: every {@code trainer:} key with what it takes and what it does. */
@Command(name = "flags", mixinStandardHelpOptions = true, description = "List the trainer flags a config may set.")
final class FlagsCommand implements Runnable {
    @Override
    public void run() {
        for (TrainerFlag flag : TrainerFlag.ALL) {
            System.out.printf("%-24s %-36s %s%n", flag.name(), flag.kind().shape(), flag.description());
        }
        System.out.printf("%-24s %-36s %s%n", "strategy", "name or {name: ..., options}", "where steps run: local (more with the Spark modules)");
        System.out.printf("%-24s %-36s %s%n", "callbacks", "list of {class, args}", "callbacks, e.g. ModelCheckpoint");
        System.out.printf("%-24s %-36s %s%n", "loggers", "list of {class, args} or false", "loggers (default: CsvLogger)");
    }
}

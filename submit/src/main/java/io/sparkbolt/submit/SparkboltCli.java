package io.sparkbolt.submit;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Secrets;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sparkbolt} command line: {@code fit}, {@code validate}, {@code test}, {@code predict}
 * from a YAML run config, {@code submit} to run a fit on a cluster, and {@code flags} to list the trainer flags. Errors the user can act on print as one
 * line ({@code error: ...}) with exit status 2; anything else exits 1.
 */
@Command(name = "sparkbolt", mixinStandardHelpOptions = true, versionProvider = SparkboltCli.Version.class,
        description = "Lightning-style deep-learning training for the JVM, on Spark and Deeplearning4j.",
        subcommands = {FitCommand.class, EvaluateCommand.Validate.class, EvaluateCommand.Test.class, PredictCommand.class, SubmitCommand.class,
                FlagsCommand.class})
public final class SparkboltCli implements Runnable {
    /** Exit status of a bad config, bad flag or bad data. */
    public static final int USAGE_ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit status (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new SparkboltCli());
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> report(error, cmd.getErr()));
        // A mistyped option is one line too, pointing at the help, rather than the whole usage text.
        commandLine.setParameterExceptionHandler((error, given) -> {
            String command = error.getCommandLine().getCommandName();
            error.getCommandLine().getErr().println("error: " + Secrets.maskAssignments(error.getMessage())
                    + " (see sparkbolt " + (command.equals("sparkbolt") ? "" : command + " ") + "--help)");
            return USAGE_ERROR;
        });
        String footer = "%nTrainer flags: in the config's trainer section, or --trainer.<flag>=VALUE%n" + FlagsCommand.table().replace("%", "%%");
        commandLine.setUsageHelpWidth(160); // the flag table's rows stay on one line each
        for (String run : List.of("fit", "validate", "test", "predict", "submit")) {
            commandLine.getSubcommands().get(run).getCommandSpec().usageMessage().footer(footer);
        }
        return commandLine.execute(args);
    }

    private static int report(Exception error, PrintWriter err) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkboltException) {
                err.println("error: " + Secrets.maskAssignments(String.valueOf(cause.getMessage())));
                err.flush();
                return USAGE_ERROR;
            }
        }
        err.println("error: " + Secrets.maskAssignments(error.toString()));
        if (System.getenv("SPARKBOLT_DEBUG") != null) {
            error.printStackTrace(err);
        } else {
            err.println("(set SPARKBOLT_DEBUG=1 for the stack trace)");
        }
        err.flush();
        return 1;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SparkboltCli.class.getPackage().getImplementationVersion();
            return new String[] {"sparkbolt " + (version == null ? "(development build)" : version)};
        }
    }
}

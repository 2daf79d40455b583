package io.sparkbolt.submit;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.spark.TaskFailure;
import io.sparkbolt.trainer.spark.SparkContexts;
import io.sparkbolt.trainer.storage.Secrets;
import java.io.PrintWriter;
import java.util.ArrayList;
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
    /** The argument that adds stack traces to errors (as does the environment variable SPARKBOLT_DEBUG). */
    public static final String VERBOSE = "--verbose";

    public static void main(String[] args) {
        int status = run(args);
        if (status == 0 && isDriverInYarnApplicationMaster()) {
            // YARN's application master reports success only when main returns; System.exit would
            // run its shutdown hook first and fail the application
            return;
        }
        System.exit(status);
    }

    /** Whether this JVM is a YARN cluster-mode driver, started by Spark's ApplicationMaster. */
    private static boolean isDriverInYarnApplicationMaster() {
        return "cluster".equals(System.getProperty("spark.submit.deployMode"))
                && System.getProperty("spark.master", "").startsWith("yarn");
    }

    /**
     * Runs the command line and returns its exit status (tests call this instead of {@link #main}).
     * {@value #VERBOSE}, anywhere among the arguments, adds the stack trace to an error's one line.
     */
    public static int run(String... args) {
        List<String> given = new ArrayList<>(List.of(args));
        boolean verbose = given.removeIf(VERBOSE::equals) || System.getenv("SPARKBOLT_DEBUG") != null;
        CommandLine commandLine = new CommandLine(new SparkboltCli());
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> report(error, cmd.getErr(), verbose));
        // A mistyped option is one line too, pointing at the help, rather than the whole usage text.
        commandLine.setParameterExceptionHandler((error, parsedArgs) -> {
            String command = error.getCommandLine().getCommandName();
            error.getCommandLine().getErr().println("error: " + Secrets.maskText(error.getMessage())
                    + " (see sparkbolt " + (command.equals("sparkbolt") ? "" : command + " ") + "--help)");
            return USAGE_ERROR;
        });
        String footer = "%nErrors print one line; add --verbose for the stack trace.%n"
                + "%nTrainer flags: in the config's trainer section, or --trainer.<flag>=VALUE%n" + FlagsCommand.table().replace("%", "%%");
        commandLine.setUsageHelpWidth(160); // the flag table's rows stay on one line each
        for (String run : List.of("fit", "validate", "test", "predict", "submit")) {
            commandLine.getSubcommands().get(run).getCommandSpec().usageMessage().footer(footer);
        }
        try {
            return commandLine.execute(given.toArray(String[]::new));
        } finally {
            SparkContexts.stopIfStartedHere(); // a command leaves no Spark running behind it (tests, notebooks)
        }
    }

    private static int report(Exception error, PrintWriter err, boolean verbose) {
        int status = 1;
        String line = error.toString();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SparkboltException) {
                status = USAGE_ERROR;
                line = String.valueOf(cause.getMessage());
                break;
            }
            if (cause instanceof TaskFailure) {
                line = cause.getMessage(); // a bug in a task: its class and message, exit status 1
                break;
            }
        }
        err.println("error: " + Secrets.maskText(line));
        if (verbose) {
            error.printStackTrace(err);
        } else if (status != USAGE_ERROR) {
            err.println("(run with " + VERBOSE + " for the stack trace)");
        }
        err.flush();
        return status;
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

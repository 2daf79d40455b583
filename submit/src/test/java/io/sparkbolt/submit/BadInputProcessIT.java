package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkbolt.submit.BadInputCatalogTest.Case;
import io.sparkbolt.submit.cluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input catalog ({@link BadInputCatalogTest}) again, each case as a real {@code bin/sparkbolt}
 * process (the script, the packaged jar, its log4j configuration, {@code System.exit}), two at a
 * time. What the user sees is checked whole: stdout and stderr hold exactly one {@code error:}
 * line, with the case's message; no stack frame; no {@code ERROR} log line; the case's exit
 * status; all within {@link #SECONDS}.
 */
class BadInputProcessIT {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final int SECONDS = 120;
    private static final Pattern LOG_ERROR = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d (ERROR|FATAL) .*");
    @TempDir
    static Path shared;
    private static Path userClasses;

    @BeforeAll
    static void prepare() throws Exception {
        BadInputCatalogTest.prepareIn(shared);
        // Once, before the parallel runs: bin/sparkbolt builds the project first if its sources are newer than its jar.
        Process version = new ProcessBuilder(ROOT.resolve("bin/sparkbolt").toString(), "--version").redirectErrorStream(true)
                .redirectOutput(shared.resolve("version.txt").toFile()).start();
        boolean ended = version.waitFor(600, TimeUnit.SECONDS);
        LocalCluster.stop(version);
        assertEquals(true, ended && version.exitValue() == 0, Files.readString(shared.resolve("version.txt")));
        // Only the module's class: the test classes directory also holds the tests' own log4j2-test.properties.
        userClasses = shared.resolve("user-classes");
        Path module = Path.of("io/sparkbolt/submit/cluster/FixedOutputMlp.class");
        Files.createDirectories(userClasses.resolve(module).getParent());
        Files.copy(Path.of("target/test-classes").resolve(module), userClasses.resolve(module));
    }

    @AfterAll
    static void release() {
        BadInputCatalogTest.releasePort();
    }

    @Test
    void everyCaseEndsWithOneLineAndItsExitStatusInARealProcess() throws Exception {
        List<Case> cases = BadInputCatalogTest.cases().toList();
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<String>> outcomes = new ArrayList<>();
        for (Case input : cases) {
            outcomes.add(two.submit(() -> check(input)));
        }
        List<String> failures = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            String failure = outcome.get(2L * SECONDS, TimeUnit.SECONDS);
            if (failure != null) {
                failures.add(failure);
            }
        }
        two.shutdownNow();
        assertEquals(List.of(), failures, failures.size() + " of " + cases.size() + " cases failed");
    }

    /** Runs one case as {@code bin/sparkbolt}; returns what is wrong with it, or null. */
    private static String check(Case input) throws Exception {
        Path run = Files.createTempDirectory(shared, "process");
        List<String> args = new ArrayList<>(input.args().stream().map(a -> a.replace("@RUN@", run.toString())).toList());
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/sparkbolt").toString()));
        command.addAll(BadInputCatalogTest.resolve(args));
        Path output = run.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().remove("SPARKBOLT_DEBUG");
        builder.environment().put("JAVA_OPTS", "-Xmx1g");
        // The catalog's own module (wrong output size, a bug), as a user adds a classes directory of theirs.
        builder.environment().put("SPARKBOLT_CLASSPATH", userClasses.toString());
        Process process = builder.start();
        boolean ended = process.waitFor(SECONDS, TimeUnit.SECONDS);
        LocalCluster.stop(process);
        String text = Files.readString(output);
        String name = input + " (" + String.join(" ", args) + ")";
        if (!ended) {
            return name + ": still running after " + SECONDS + " s:\n" + text;
        }
        List<String> errors = text.lines().filter(l -> l.startsWith("error: ")).toList();
        if (process.exitValue() != input.status()) {
            return name + ": exit " + process.exitValue() + ", not " + input.status() + ":\n" + text;
        }
        if (errors.size() != 1 || !errors.get(0).contains(input.message())) {
            return name + ": not one error line with '" + input.message() + "':\n" + text;
        }
        if (text.lines().anyMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by") || LOG_ERROR.matcher(l).matches())) {
            return name + ": a stack frame or an ERROR log line:\n" + text;
        }
        return null;
    }
}

package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own project, as a user builds and runs it: {@code examples/my-models} (its own
 * LightningModule, DataModule and Shard) is copied out of the tree and built by Maven against the
 * installed Sparkbolt artifacts, then trained through {@code bin/sparkbolt fit --jars} with
 * parameter averaging on {@code local[2]}, tested from {@code --ckptPath best}, predicted with the
 * classes on {@code SPARKBOLT_CLASSPATH}, and trained from its Java {@code main} with nothing on
 * the class path but the example's one dependency. Every command is a real child process with a
 * bounded wait.
 */
class UserCodeIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;
    private static Path project;
    private static Path jar;

    @BeforeAll
    static void buildTheExample() throws Exception {
        project = work.resolve("my-models");
        copy(ROOT.resolve("examples/my-models"), project);
        // the example built against this line's sparkbolt-local (sparkbolt-local_2.12 or _2.13)
        Result build = run(project, Map.of(), 600, "mvn", "-B", "-q", "-ntp", "-Dscala.binary.version=" + System.getProperty("sparkbolt.build.scala", "2.12"), "package");
        assertEquals(0, build.status(), "the example builds:\n" + build.output());
        jar = project.resolve("target/my-models-1.0.jar");
        assertTrue(Files.isRegularFile(jar), "the example's jar");
    }

    @Test
    void fitTestAndPredictTheUsersOwnClassesThroughTheCommandLine() throws Exception {
        Path runs = work.resolve("cli-runs");
        String config = project.resolve("run.yaml").toString();
        String root = "--trainer.defaultRootDir=" + runs;

        Result fit = sparkbolt(Map.of(), "fit", "--jars", jar.toString(), "--config", config, root, "--trainer.maxEpochs=3",
                "--trainer.enableProgressBar=false", "--results", work.resolve("fit.json").toString());
        assertEquals(0, fit.status(), fit.output());
        JsonNode fitted = JSON.readTree(work.resolve("fit.json").toFile());
        assertTrue(fitted.get("val_loss").asDouble() < 0.1, "the sine is learnt: " + fitted);
        assertTrue(fitted.has("round_compute_s"), "trained with parameter averaging on Spark: " + fitted);
        assertTrue(fit.output().contains("Logging to file:" + runs + "/sparkbolt_logs/version_0"), fit.output());
        assertTrue(fit.output().contains("ModelCheckpoint: checkpoints to file:" + runs), fit.output());

        Result test = sparkbolt(Map.of(), "test", "--jars", jar.toString(), "--config", config, root, "--ckptPath", "best",
                "--results", work.resolve("test.json").toString());
        assertEquals(0, test.status(), test.output());
        assertTrue(test.output().contains("Restoring states from the checkpoint path at file:" + runs), test.output());
        assertTrue(JSON.readTree(work.resolve("test.json").toFile()).get("test_loss").asDouble() < 0.1, test.output());

        // the classes directory instead of the jar, through the environment
        Path predictions = work.resolve("predictions");
        Result predict = sparkbolt(Map.of(UserClasspath.ENVIRONMENT, project.resolve("target/classes").toString()), "predict",
                "--config", config, root, "--ckptPath", "best", "--output", predictions.toString());
        assertEquals(0, predict.status(), predict.output());
        List<String> rows = Files.readAllLines(predictions.resolve("part-00000.csv"));
        assertEquals(1 + 409, rows.size(), "a header and one row per test example");
        try (Stream<Path> files = Files.walk(work)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".crc")).toList(), "no .crc side files");
        }
    }

    @Test
    void withoutTheJarTheClassIsNamedAndAMissingJarIsOneLine() throws Exception {
        String config = project.resolve("run.yaml").toString();
        Result missingClass = sparkbolt(Map.of(), "fit", "--config", config, "--trainer.defaultRootDir=" + work.resolve("none"));
        assertEquals(2, missingClass.status(), missingClass.output());
        assertTrue(missingClass.output().contains("class 'com.example.mymodels.SineRegressor' is not on the class path"),
                missingClass.output());
        Result missingJar = sparkbolt(Map.of(), "fit", "--jars", work.resolve("nope.jar").toString(), "--config", config);
        assertEquals(2, missingJar.status(), missingJar.output());
        assertTrue(missingJar.output().contains("error: --jars: " + work.resolve("nope.jar") + " does not exist"), missingJar.output());
        assertFalse(Files.exists(work.resolve("none")), "nothing written");
    }

    @Test
    void theJavaMainRunsWithTheOneDependency() throws Exception {
        List<String> command = new ArrayList<>(List.of(javaBinary(), "@" + ROOT.resolve("conf/java-add-opens.args"), "-Xmx1g", "-cp",
                project.resolve("target/classes") + ":" + Files.readString(project.resolve("target/classpath.txt")).strip(),
                "com.example.mymodels.Main", work.resolve("main-runs").toString()));
        Result main = run(project, Map.of(), 400, command.toArray(String[]::new));
        assertEquals(0, main.status(), main.output());
        String last = main.output().lines().filter(l -> l.startsWith("val_loss=")).findFirst().orElseThrow(() -> new AssertionError(main.output()));
        double testLoss = Double.parseDouble(last.substring(last.indexOf("test_loss=") + "test_loss=".length()));
        assertTrue(testLoss < 0.1, last);
        assertTrue(main.output().contains("ND4J uses 1 CPU thread(s) per worker"), "the Trainer sized ND4J's threads:\n" + main.output());
    }

    private static Result sparkbolt(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/sparkbolt").toString()));
        command.addAll(List.of(args));
        return run(work, environment, 400, command.toArray(String[]::new));
    }

    private record Result(int status, String output) {
    }

    /** Runs a command with output to a file (never a pipe that could block), within {@code seconds}. */
    private static Result run(Path dir, Map<String, String> environment, int seconds, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(work, "command", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("OMP_NUM_THREADS"); // as a user's shell has it: the Trainer decides
        builder.environment().remove(UserClasspath.ENVIRONMENT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path relative = from.relativize(file);
                if (relative.startsWith("target")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}

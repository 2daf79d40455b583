package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sparkbolt.submit.cluster.LocalCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two Spark lines against each other, each in a JVM of its own: this build (its test class path)
 * and the other line's build, whose {@code submit/target} {@code -Dsparkbolt.otherLine=DIR} names
 * (.ci/run builds the Spark 3.5 line, then runs this from the Spark 4 build). The local strategy with
 * one seed gives the same parameters, bit for bit, on both (the same ND4J), and a checkpoint written by
 * either line resumes on the other to those same parameters.
 */
class CrossLineIT {
    private static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();
    private static final int STEPS_PER_EPOCH = 30;
    private static final long FIT_SECONDS = 300;

    private static String otherClassPath;
    private static String otherLine;

    @BeforeAll
    static void findTheOtherLine() throws IOException {
        String dir = System.getProperty("sparkbolt.otherLine");
        assumeTrue(dir != null && !dir.isBlank(), "no -Dsparkbolt.otherLine=<the other line's submit/target>: nothing to compare with");
        Path target = Path.of(dir);
        Path jar;
        try (var files = Files.list(target)) {
            jar = files.filter(p -> p.getFileName().toString().matches("submit_2\\.1\\d-[^-]+-SNAPSHOT\\.jar|submit_2\\.1\\d-[^-]+\\.jar"))
                    .filter(p -> !p.getFileName().toString().startsWith(LocalCluster.JAR_PREFIX)).findFirst()
                    .orElseThrow(() -> new AssertionError("no other line's submit jar in " + target));
        }
        otherLine = jar.getFileName().toString().substring("submit_".length(), "submit_2.1x".length());
        otherClassPath = jar + ":" + Files.readString(target.resolve("classpath-runtime.txt")).strip() + ":"
                + Files.readString(target.resolve("classpath-provided.txt")).strip();
    }

    @Test
    void oneSeedOneResultOnBothLinesAndCheckpointsResumeAcrossThem(@TempDir Path dir) throws Exception {
        assertTrue(!otherLine.equals(LocalCluster.SCALA), "the other line is another Scala version: " + otherLine);
        String thisClassPath = System.getProperty("java.class.path");
        // two straight fits of two epochs, one per line, side by side
        Path here = dir.resolve("here");
        Path there = dir.resolve("there");
        finishAll(List.of(fit(thisClassPath, here, 2, false), fit(otherClassPath, there, 2, false)), here, there);
        assertEquals(LocalCluster.SCALA, LastCheckpoint.provenance(here).get("scala"), "written by this line");
        assertEquals(otherLine, LastCheckpoint.provenance(there).get("scala"), "written by the other line");
        float[] expected = finalParams(here);
        assertArrayEquals(expected, finalParams(there), "Scala " + LocalCluster.SCALA + " and " + otherLine + ": the same seed, the same parameters");

        // one epoch on each line, then the other line resumes it to the second
        Path toHere = dir.resolve("written-there-resumed-here");
        Path toThere = dir.resolve("written-here-resumed-there");
        finishAll(List.of(fit(otherClassPath, toHere, 1, false), fit(thisClassPath, toThere, 1, false)), toHere, toThere);
        finishAll(List.of(fit(thisClassPath, toHere, 2, true), fit(otherClassPath, toThere, 2, true)), toHere, toThere);
        for (Path resumed : List.of(toHere, toThere)) {
            String log = Files.readString(resumed.resolve("driver.log"));
            assertTrue(log.contains("Restored") && log.contains("global step " + STEPS_PER_EPOCH), resumed + " resumed from step "
                    + STEPS_PER_EPOCH + ":\n" + log);
            assertTrue(Files.notExists(resumed.resolve("logs/sparkbolt_logs/version_1")), "the resume continued version_0");
            assertArrayEquals(expected, finalParams(resumed), resumed.getFileName() + ": bit-identical to the straight fit");
        }
    }

    private static Process fit(String classPath, Path dir, int epochs, boolean resume) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, String.join("\n",
                "seed: 7",
                "model: {class: MlpClassifier, args: {hidden: [64], lr: 0.002, dropout: 0.1, l2: 0.0, activation: relu}}",
                "data: {class: MnistDataModule, args: {dir: '" + MNIST + "', batchSize: 32}}",
                "trainer:",
                "  limitTrainBatches: " + STEPS_PER_EPOCH,
                "  limitValBatches: 3",
                "  enableProgressBar: false",
                "  defaultRootDir: '" + dir.resolve("logs") + "'",
                "  callbacks: [{class: ModelCheckpoint, args: {saveLast: true, saveTopK: 1}}]",
                "  strategy: local",
                ""));
        List<String> args = new java.util.ArrayList<>(List.of("fit", "--config", config.toString(), "--trainer.maxEpochs=" + epochs));
        if (resume) {
            args.addAll(List.of("--ckptPath", "last!"));
        }
        return ChildCli.start(classPath, dir.resolve("driver.log"), Map.of(), args.toArray(String[]::new));
    }

    private static void finishAll(List<Process> fits, Path... dirs) throws Exception {
        for (int i = 0; i < fits.size(); i++) {
            Process fit = fits.get(i);
            boolean done = fit.waitFor(FIT_SECONDS, TimeUnit.SECONDS);
            LocalCluster.stop(fit);
            assertTrue(done, "the fit did not end within " + FIT_SECONDS + " s: " + log(dirs[i]));
            assertEquals(0, fit.exitValue(), log(dirs[i]));
        }
    }

    private static float[] finalParams(Path run) throws IOException {
        return LastCheckpoint.params(run, 2L * STEPS_PER_EPOCH);
    }

    private static String log(Path dir) throws IOException {
        return Files.readString(dir.resolve("driver.log"));
    }
}

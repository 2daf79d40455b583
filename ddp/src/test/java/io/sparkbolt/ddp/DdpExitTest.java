package io.sparkbolt.ddp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java program that trains with ddp in local mode ends when its {@code main} returns: Spark's
 * barrier mode would otherwise leave non-daemon timer threads behind in the driver's JVM.
 */
class DdpExitTest {
    @Test
    void aProgramThatTrainedWithDdpInLocalModeExitsWhenMainReturns(@TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("..", "conf", "java-add-opens.args").toAbsolutePath(), "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), DdpProgram.class.getName()));
        Path log = dir.resolve("program.log");
        Process program = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!program.waitFor(240, TimeUnit.SECONDS)) {
            program.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            fail("the program did not exit within 240 s after training; its output ends:\n" + tail(log));
        }
        assertEquals(0, program.exitValue(), tail(log));
        assertTrue(Files.readString(log).contains("fitted 8 steps"), tail(log));
    }

    private static String tail(Path log) throws Exception {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}

package io.sparkbolt.submit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code sparkbolt} in a JVM of its own, as {@code bin/sparkbolt} starts it (the same class, the
 * {@code --add-opens} options, one OpenMP thread) but from the test class path, so it runs
 * before the jar is packaged. Output, both streams, goes to a file.
 */
final class ChildCli {
    private ChildCli() {
    }

    /** Starts {@code sparkbolt args...} with output appended to {@code log} and {@code properties} as system properties. */
    static Process start(Path log, Map<String, String> properties, String... args) throws IOException {
        return start(System.getProperty("java.class.path"), log, properties, args);
    }

    /** The same from another class path: another build's jars (CrossLineIT runs the other Spark line's). */
    static Process start(String classPath, Path log, Map<String, String> properties, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).forEach(command::add);
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-Xmx1g", "-cp", classPath, SparkboltCli.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_NUM_THREADS", "1"); // the same floating-point path in every JVM
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return builder.start();
    }
}

package io.sparkbolt.submit;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How spark-submit is started: {@code $SPARK_HOME/bin/spark-submit} when there is one; a
 * {@code SPARK_HOME} that is only a {@code jars/} folder (the Maven jars, as the local cluster
 * scripts assemble it) runs {@code org.apache.spark.deploy.SparkSubmit} on them with Java;
 * otherwise {@code spark-submit} from the {@code PATH}.
 */
final class SparkSubmitLauncher {
    private SparkSubmitLauncher() {
    }

    /** The command's first words, before spark-submit's own arguments; {@code home} may be null. */
    static List<String> command(String home) {
        if (home != null) {
            File script = new File(home, "bin/spark-submit");
            if (script.canExecute()) {
                return List.of(script.getPath());
            }
            File jars = new File(home, "jars");
            if (jars.isDirectory()) {
                List<String> java = new ArrayList<>();
                java.add(new File(System.getProperty("java.home"), "bin/java").getPath());
                java.addAll(List.of(SparkSubmitArguments.ADD_OPENS.split(" ")));
                java.addAll(List.of("-cp", jars.getPath() + File.separator + "*", "org.apache.spark.deploy.SparkSubmit"));
                return java;
            }
        }
        return List.of("spark-submit");
    }

    /** Runs the command with this process's terminal and returns its exit status. */
    static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor();
    }
}

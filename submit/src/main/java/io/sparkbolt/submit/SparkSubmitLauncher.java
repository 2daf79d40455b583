package io.sparkbolt.submit;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How spark-submit is started: {@code $SPARK_HOME/bin/spark-submit} when there is one; a
 * {@code SPARK_HOME} that is only a {@code jars/} folder (the Maven jars, as the local cluster
 * scripts assemble it) runs {@code org.apache.spark.deploy.SparkSubmit} on them with Java, with
 * the configuration directories on the class path as {@code bin/spark-class} puts them;
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
                java.addAll(List.of("-cp", classPath(home, jars), "org.apache.spark.deploy.SparkSubmit"));
                return java;
            }
        }
        return List.of("spark-submit");
    }

    /**
     * The class path {@code bin/spark-class} would give: the Spark conf directory ({@code
     * SPARK_CONF_DIR}, else {@code <home>/conf}), {@code HADOOP_CONF_DIR} and {@code YARN_CONF_DIR}
     * (where a YARN client finds its ResourceManager), then the jars.
     */
    private static String classPath(String home, File jars) {
        List<String> entries = new ArrayList<>();
        File conf = confDir(home);
        if (conf.isDirectory()) {
            entries.add(conf.getPath());
        }
        for (String variable : List.of("HADOOP_CONF_DIR", "YARN_CONF_DIR")) {
            String dir = System.getenv(variable);
            if (dir != null && !dir.isEmpty()) {
                entries.add(dir);
            }
        }
        entries.add(jars.getPath() + File.separator + "*");
        return String.join(File.pathSeparator, entries);
    }

    /** Spark's conf directory for {@code home}: {@code SPARK_CONF_DIR}, else {@code <home>/conf}. */
    static File confDir(String home) {
        String sparkConf = System.getenv("SPARK_CONF_DIR");
        return sparkConf != null ? new File(sparkConf) : new File(home == null ? "." : home, "conf");
    }

    /** The properties spark-submit reads by default ({@code spark-defaults.conf}); empty when there is none. */
    static java.util.Properties sparkDefaults(String home) throws IOException {
        java.util.Properties defaults = new java.util.Properties();
        File file = new File(confDir(home), "spark-defaults.conf");
        if (file.isFile()) {
            try (var in = new java.io.FileInputStream(file)) {
                defaults.load(in); // the format Spark reads it in
            }
        }
        return defaults;
    }

    /** Runs the command with this process's terminal and returns its exit status. */
    static int run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor();
    }
}

package io.sparkbolt.submit;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The user's own classes on the command line: the jars of {@code --jars a.jar,b.jar} (as
 * {@code spark-submit} takes them) and the entries of {@code SPARKBOLT_CLASSPATH} (jars or class
 * directories, separated as a Java class path is; {@code dir/*} for every jar in a directory).
 * A command runs with them on its context class loader, where the config's {@code class:} names
 * are looked up and where Spark's local executors (started by the command) load task classes;
 * the jars also go into {@code spark.jars}, so the executors of a cluster fetch them.
 */
final class UserClasspath {
    /** The environment variable with extra class path entries. */
    static final String ENVIRONMENT = "SPARKBOLT_CLASSPATH";

    private final List<File> entries;
    private final List<String> remoteJars;

    private UserClasspath(List<File> entries, List<String> remoteJars) {
        this.entries = List.copyOf(entries);
        this.remoteJars = List.copyOf(remoteJars);
    }

    /**
     * The jars given with {@code --jars} and the entries of {@code SPARKBOLT_CLASSPATH}; each local
     * one must exist. A jar on a remote file system ({@code hdfs:}, {@code s3a:} ...) is only shipped to
     * the executors ({@code spark.jars}); classes the driver needs must be in a local one.
     */
    static UserClasspath of(List<String> jars, String environment) {
        List<File> entries = new ArrayList<>();
        List<String> remote = new ArrayList<>();
        for (String jar : jars) {
            if (jar.isBlank()) {
                continue;
            }
            if (jar.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*") && !jar.startsWith("file:")) {
                remote.add(jar);
                continue;
            }
            File file = new File(jar.startsWith("file:") ? java.net.URI.create(jar).getPath() : jar);
            if (!file.isFile()) {
                throw new SparkboltException("--jars: " + jar + (file.isDirectory() ? " is a directory, not a jar (put class directories in "
                        + ENVIRONMENT + ")" : " does not exist"));
            }
            entries.add(file.getAbsoluteFile());
        }
        if (environment != null) {
            for (String entry : environment.split(File.pathSeparator)) {
                entries.addAll(expand(entry));
            }
        }
        return new UserClasspath(entries, remote);
    }

    private static List<File> expand(String entry) {
        if (entry.isBlank()) {
            return List.of();
        }
        if (entry.endsWith("/*") || entry.equals("*")) {
            File dir = new File(entry.substring(0, entry.length() - 1));
            File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
            if (jars == null) {
                throw new SparkboltException(ENVIRONMENT + ": " + entry + ": " + dir + " is not a directory");
            }
            java.util.Arrays.sort(jars);
            return java.util.Arrays.stream(jars).map(File::getAbsoluteFile).toList();
        }
        File file = new File(entry);
        if (!file.exists()) {
            throw new SparkboltException(ENVIRONMENT + ": " + entry + " does not exist");
        }
        return List.of(file.getAbsoluteFile());
    }

    /** The jars, as URIs for {@code spark.jars} (class directories stay on this machine). */
    List<String> sparkJars() {
        List<String> jars = new ArrayList<>(entries.stream().filter(File::isFile).map(f -> f.toURI().toString()).toList());
        jars.addAll(remoteJars);
        return jars;
    }

    /**
     * Runs {@code body} with these entries on the thread's context class loader (nothing changes
     * when there are none), and puts the previous loader back afterwards.
     */
    <T> T run(Supplier<T> body) {
        if (entries.isEmpty()) {
            return body.get();
        }
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(urls(), previous)) {
            thread.setContextClassLoader(loader);
            return body.get();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the class loader of " + entries, e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private URL[] urls() {
        List<URL> urls = new ArrayList<>();
        for (File entry : entries) {
            try {
                urls.add(entry.toURI().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("a file's URI is a URL", e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}

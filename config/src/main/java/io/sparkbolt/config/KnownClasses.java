package io.sparkbolt.config;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes a config could have meant, for "did you mean" on a class name: the built-in ones
 * (the classes of Sparkbolt's packages) and those in the user's jars and class directories (the
 * context class loader's entries: {@code --jars}, {@code SPARKBOLT_CLASSPATH}). Only names are
 * read; no class is loaded.
 */
final class KnownClasses {
    private KnownClasses() {
    }

    /** Fully qualified names of the top-level classes in {@code packages}, found beside {@code anchor}'s classes. */
    static List<String> builtIn(List<Class<?>> anchors) {
        List<String> names = new ArrayList<>();
        for (Class<?> anchor : anchors) {
            String prefix = anchor.getPackageName().replace('.', '/') + "/";
            for (String name : classNames(location(anchor))) {
                if (name.replace('.', '/').startsWith(prefix) && name.lastIndexOf('.') == prefix.length() - 1) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** Top-level classes in the jars and directories of the user's class path. */
    static List<String> userClasses() {
        List<String> names = new ArrayList<>();
        for (ClassLoader loader = Thread.currentThread().getContextClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls && loader != ClassLoader.getSystemClassLoader()) {
                for (URL url : urls.getURLs()) {
                    try {
                        names.addAll(classNames(new File(url.toURI())));
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: nothing to list
                    }
                }
            }
        }
        return names;
    }

    private static File location(Class<?> anchor) {
        try {
            return new File(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            return new File(".");
        }
    }

    private static List<String> classNames(File entry) {
        List<String> names = new ArrayList<>();
        if (entry.isDirectory()) {
            Path root = entry.toPath();
            try (Stream<Path> files = Files.walk(root)) {
                files.map(f -> root.relativize(f).toString()).forEach(f -> addClass(names, f));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (entry.isFile() && entry.getName().endsWith(".jar")) {
            try (JarFile jar = new JarFile(entry)) {
                for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                    addClass(names, entries.nextElement().getName());
                }
            } catch (IOException e) {
                // an unreadable jar suggests nothing; loading from it reports the problem
            }
        }
        return names;
    }

    private static void addClass(List<String> names, String file) {
        if (file.endsWith(".class") && !file.contains("$") && !file.endsWith("package-info.class") && !file.endsWith("module-info.class")) {
            names.add(file.substring(0, file.length() - ".class".length()).replace(File.separatorChar, '.').replace('/', '.'));
        }
    }
}

package io.sparkbolt.submit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JVM options every Spark JVM of a run needs, from the lists the build carries into this jar. */
final class JavaOptions {
    /** {@code conf/java-add-opens.args}, copied here by the build. */
    private static final String ADD_OPENS_RESOURCE = "java-add-opens.args";

    private JavaOptions() {
    }

    /** The {@code --add-opens} options, space-separated, as {@code conf/java-add-opens.args} lists them one per line. */
    static String addOpens() {
        try (InputStream in = JavaOptions.class.getResourceAsStream(ADD_OPENS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ADD_OPENS_RESOURCE + " is missing from the jar: the build copies conf/" + ADD_OPENS_RESOURCE);
            }
            return String.join(" ", new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sparkbolt.trainer.api.Internal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What user code may rely on is said, package by package: the API packages are listed here and
 * in {@link Internal}'s Javadoc, and every other package of the trainer carries {@code @Internal}.
 */
class ApiSurfaceTest {
    private static final Set<String> API = Set.of("io.sparkbolt.trainer", "io.sparkbolt.trainer.api", "io.sparkbolt.trainer.callbacks",
            "io.sparkbolt.trainer.loggers", "io.sparkbolt.trainer.strategy", "io.sparkbolt.trainer.models", "io.sparkbolt.trainer.predict",
            // what modules and strategy configurations see: the network a module trains, its devices, the Spark settings
            "io.sparkbolt.trainer.network", "io.sparkbolt.trainer.device", "io.sparkbolt.trainer.spark");

    @Test
    void everyPackageIsEitherApiOrMarkedInternal() throws Exception {
        Path classes = Path.of("target/classes");
        TreeSet<String> internal = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path info : files.filter(f -> f.getFileName().toString().equals("package-info.class")).toList()) {
                String name = classes.relativize(info.getParent()).toString().replace('/', '.');
                Package pkg = Class.forName(name + ".package-info").getPackage();
                assertNotNull(pkg, name);
                if (!API.contains(name)) {
                    assertNotNull(pkg.getAnnotation(Internal.class), name + " is neither API nor marked @Internal");
                    internal.add(name);
                } else {
                    assertEquals(null, pkg.getAnnotation(Internal.class), name + " is API");
                }
            }
        }
        assertEquals(List.of("io.sparkbolt.trainer.checkpoint", "io.sparkbolt.trainer.loggers.tensorboard", "io.sparkbolt.trainer.loop",
                "io.sparkbolt.trainer.metrics", "io.sparkbolt.trainer.replica", "io.sparkbolt.trainer.storage", "io.sparkbolt.trainer.workers"),
                List.copyOf(internal));
    }
}

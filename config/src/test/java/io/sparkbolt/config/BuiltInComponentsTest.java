package io.sparkbolt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.sparkbolt.trainer.Trainer;
import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.DataModule;
import io.sparkbolt.trainer.api.LightningModule;
import io.sparkbolt.trainer.callbacks.Callback;
import io.sparkbolt.trainer.loggers.Logger;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every built-in component a config can name builds from its minimal YAML: only the arguments
 * without a natural default. A new built-in must be added here, and each minimal form is exactly
 * its required arguments, so a default that goes missing fails.
 */
class BuiltInComponentsTest {
    private static final String MNIST = Path.of("../data/mnist").toAbsolutePath().toString();

    /** The minimal {@code args} of each built-in, by simple name. */
    private static final Map<String, String> MINIMAL = Map.ofEntries(
            Map.entry("MlpClassifier", "{hidden: [8]}"),
            Map.entry("MlpRegressor", "{hidden: [8]}"),
            Map.entry("LeNet", "{}"),
            Map.entry("MnistDataModule", "{dir: '" + MNIST + "'}"),
            Map.entry("CsvDataModule", "{path: '@CSV@'}"),
            // table or path: one of the two, both default to empty
            Map.entry("DataFrameDataModule", "{labelColumn: label, path: '@CSV@'}"),
            Map.entry("EarlyStopping", "{}"),
            Map.entry("ModelCheckpoint", "{}"),
            Map.entry("LearningRateMonitor", "{}"),
            Map.entry("ModelSummary", "{}"),
            Map.entry("ProgressBar", "{}"),
            Map.entry("Timer", "{duration: 10m}"),
            Map.entry("CsvLogger", "{}"),
            Map.entry("TensorBoardLogger", "{}"),
            Map.entry("MLFlowLogger", "{trackingUri: 'http://127.0.0.1:5000'}"));

    @TempDir
    Path dir;

    @Test
    void everyBuiltInBuildsFromItsMinimalYaml() throws Exception {
        Path csv = Files.writeString(dir.resolve("data.csv"), "x,label\n1.0,0\n2.0,1\n");
        List<String> built = new ArrayList<>();
        for (Class<?> type : List.of(LightningModule.class, DataModule.class, Callback.class, Logger.class)) {
            for (String name : Components.ofType(KnownClasses.builtIn(Components.BUILT_IN_ANCHORS), type)) {
                Class<?> component = Class.forName(name);
                if (!configurable(component)) {
                    continue; // built from Java only (a LambdaCallback holds functions)
                }
                String simple = component.getSimpleName();
                String args = MINIMAL.get(simple);
                assertNotNull(args, simple + " is a built-in " + type.getSimpleName() + ": give its minimal YAML here");
                assertEquals(required(component), argNames(simple, args), simple + ": the minimal YAML is its required arguments");
                build(type, "{class: " + simple + ", args: " + args.replace("@CSV@", csv.toString()) + "}");
                built.add(simple);
            }
        }
        assertEquals(new TreeSet<>(MINIMAL.keySet()), new TreeSet<>(built), "every listed component is a built-in");
    }

    private void build(Class<?> type, String component) throws Exception {
        String model = "{class: MlpClassifier, args: {hidden: [8]}}";
        String data = "{class: MnistDataModule, args: {dir: '" + MNIST + "'}}";
        String trainer = "{}";
        if (type == LightningModule.class) {
            model = component;
        } else if (type == DataModule.class) {
            data = component;
        } else if (type == Callback.class) {
            trainer = "{callbacks: [" + component + "]}";
        } else {
            trainer = "{loggers: [" + component + "]}";
        }
        Path file = Files.writeString(Files.createTempFile(dir, "minimal", ".yaml"),
                "model: " + model + "\ndata: " + data + "\ntrainer: " + trainer + "\n");
        RunConfig config = RunConfig.load(List.of(file.toString()), Map.of(), List.of());
        assertNotNull(config.model());
        assertNotNull(config.data());
        Trainer built = config.trainer();
        if (type == Logger.class && built.getLoggers().get(0).experimentDir() != null) { // a logger that writes files
            assertEquals(Path.of("").toAbsolutePath().resolve("sparkbolt_logs").toString(),
                    Path.of(java.net.URI.create(built.getLoggers().get(0).experimentDir())).toString(),
                    component + ": without saveDir, under the trainer's defaultRootDir");
        }
    }

    private static boolean configurable(Class<?> component) {
        return Arrays.stream(component.getConstructors()).anyMatch(c -> c.getParameterCount() == 0
                || Arrays.stream(c.getParameters()).allMatch(p -> p.isAnnotationPresent(Arg.class)));
    }

    /** The {@code @Arg}s without a default, of the constructor a config uses. */
    private static TreeSet<String> required(Class<?> component) {
        TreeSet<String> names = new TreeSet<>();
        for (Constructor<?> constructor : component.getConstructors()) {
            if (constructor.getParameterCount() > 0 && Arrays.stream(constructor.getParameters()).allMatch(p -> p.isAnnotationPresent(Arg.class))) {
                Arrays.stream(constructor.getParameters()).map(p -> p.getAnnotation(Arg.class))
                        .filter(a -> a.defaultValue().isEmpty()).forEach(a -> names.add(a.value()));
            }
        }
        return names;
    }

    private static TreeSet<String> argNames(String simple, String args) throws Exception {
        TreeSet<String> names = new TreeSet<>();
        ConfigDocument.YAML.readTree(args.replace("@CSV@", "x")).fieldNames().forEachRemaining(names::add);
        if (simple.equals("DataFrameDataModule")) {
            names.remove("path"); // its source is one of table and path, both optional on their own
        }
        return names;
    }
}

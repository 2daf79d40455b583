package io.sparkbolt.trainer.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.callbacks.EarlyStopping;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.callbacks.ProgressBar;
import io.sparkbolt.trainer.callbacks.Timer;
import io.sparkbolt.trainer.loggers.CsvLogger;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.IdentityHashMap;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * A default is written once, on the {@code @Arg} a config reads: the Java builders and convenience
 * constructors of the built-ins start from it, so they build the component a config without the
 * argument builds.
 */
class ArgDefaultsTest {
    @Test
    void defaultsComeBackAsTheParametersTypes() {
        ArgDefaults defaults = ArgDefaults.of(EarlyStopping.class);
        assertEquals(3, (int) defaults.<Integer>get("patience"));
        assertEquals(0.0, defaults.<Double>get("minDelta"));
        assertEquals("val_loss", defaults.get("monitor"));
        assertNull(defaults.get("stoppingThreshold"), "~ is no value");
        assertEquals("", ArgDefaults.of(ModelCheckpoint.class).get("dirPath"));
        assertTrue(ArgDefaults.node(arg(EarlyStopping.class, "checkOnTrainEpochEnd")).isNull());
        assertEquals(1, (int) ArgDefaults.of(ProgressBar.class).<Integer>get("refreshRate"), "a no-argument constructor beside it is not the config's form");
    }

    @Test
    void aRequiredOrUnknownArgumentIsRefused() {
        IllegalArgumentException required = assertThrows(IllegalArgumentException.class, () -> ArgDefaults.of(Timer.class).get("duration"));
        assertTrue(required.getMessage().contains("@Arg duration of Timer is required"), required.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> ArgDefaults.of(Timer.class).get("every"));
        assertTrue(unknown.getMessage().contains("Timer has no @Arg every"), unknown.getMessage());
    }

    @Test
    void javaBuildersBuildWhatAConfigWithoutArgumentsBuilds() throws Exception {
        assertSameState(EarlyStopping.builder().build(), fromDefaults(EarlyStopping.class));
        assertSameState(ModelCheckpoint.builder().build(), fromDefaults(ModelCheckpoint.class));
        assertSameState(new EarlyStopping("val_loss", "min", 3), fromDefaults(EarlyStopping.class));
        assertSameState(new CsvLogger(""), fromDefaults(CsvLogger.class));
    }

    /** The component a config gives when it sets no argument. */
    private static Object fromDefaults(Class<?> type) throws Exception {
        Constructor<?> constructor = HyperParameters.argConstructor(type, -1);
        ArgDefaults defaults = ArgDefaults.of(type);
        Parameter[] parameters = constructor.getParameters();
        Object[] values = new Object[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            values[i] = defaults.get(parameters[i].getAnnotation(Arg.class).value());
        }
        return constructor.newInstance(values);
    }

    private static Arg arg(Class<?> type, String name) {
        for (Parameter parameter : HyperParameters.argConstructor(type, -1).getParameters()) {
            if (parameter.getAnnotation(Arg.class).value().equals(name)) {
                return parameter.getAnnotation(Arg.class);
            }
        }
        throw new AssertionError(name);
    }

    /** Field by field, into the component's own objects (not into JDK ones, compared with equals). */
    private static void assertSameState(Object expected, Object actual) throws IllegalAccessException {
        assertSameState(expected, actual, expected.getClass().getSimpleName(), new IdentityHashMap<>());
    }

    private static void assertSameState(Object expected, Object actual, String path, IdentityHashMap<Object, Object> seen)
            throws IllegalAccessException {
        if (expected == null || actual == null || !expected.getClass().getName().startsWith("io.sparkbolt")) {
            assertTrue(Objects.deepEquals(expected, actual), path + ": " + expected + " vs " + actual);
            return;
        }
        if (seen.put(expected, actual) != null) {
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), path);
        for (Class<?> type = expected.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                assertSameState(field.get(expected), field.get(actual), path + "." + field.getName(), seen);
            }
        }
    }
}

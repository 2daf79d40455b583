package io.sparkbolt.trainer.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.SparkboltException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accelerator, devices and precision against a backend: this JVM's real CPU backend, and a CUDA
 * backend described by hand (no GPU here) for the rules that only apply to one.
 */
class DeviceSettingsTest {
    private static final Backend CPU = TaskDevice.backend();
    private static final Backend TWO_GPUS = new Backend("cuda", "org.nd4j.linalg.jcublas.JCublasBackend", 2, List.of("A100", "A100"));
    private static final Backend NO_GPU = new Backend("cuda", "org.nd4j.linalg.jcublas.JCublasBackend", 0, List.of());

    @Test
    void thisBuildRunsTheCpuBackend() {
        assertEquals("cpu", CPU.name());
        assertTrue(CPU.describe().startsWith("cpu (org.nd4j.linalg.cpu.nativecpu.CpuBackend"), CPU.describe());
    }

    @Test
    void autoResolvesToTheGpuOnlyWithACudaDevice() {
        assertEquals(Accelerator.CPU, settings("auto", 0, "32").check(CPU, "this JVM", false));
        assertEquals(Accelerator.GPU, settings("auto", 0, "32").check(TWO_GPUS, "this JVM", false));
        assertEquals(Accelerator.GPU, settings("gpu", 2, "16").check(TWO_GPUS, "executor 1 (h)", true));
        assertEquals(Accelerator.CPU, settings("cpu", 1, "64").check(CPU, "this JVM", false));
    }

    @Test
    void requestsTheBackendCannotHonourFailWithOneLineNamingTheFlagAndTheJvm() {
        assertFails(settings("gpu", 0, "32"), CPU, false, "trainer flag accelerator=gpu needs ND4J's CUDA backend, but this JVM runs the CPU backend");
        assertFails(settings("gpu", 0, "32"), NO_GPU, false, "accelerator=gpu, but this JVM sees no CUDA device");
        assertFails(settings("cpu", 0, "32"), TWO_GPUS, false, "accelerator=cpu, but this JVM runs ND4J's CUDA backend");
        assertFails(settings("auto", 0, "16"), CPU, false, "precision=16 cannot run on this JVM: ND4J's CPU backend does not train in half precision");
        assertFails(settings("auto", 0, "bf16"), CPU, false, "precision=bf16 cannot run on this JVM");
        assertFails(settings("gpu", 0, "bf16"), TWO_GPUS, true, "does not train in bfloat16");
        assertFails(settings("auto", 2, "32"), CPU, true, "devices=2 counts GPUs, but this JVM trains on the CPU");
        assertFails(settings("gpu", 2, "32"), TWO_GPUS, false, "devices=2: the local strategy trains on one device");
        assertFails(settings("gpu", 3, "32"), TWO_GPUS, true, "devices=3, but this JVM sees 2 CUDA device(s)");
    }

    @Test
    void theDriverOfASparkStrategyNeedsTheRightBackendButNoDevice() {
        settings("gpu", 4, "16").checkBackend(NO_GPU, "the driver"); // its executors have the GPUs
        SparkboltException error = assertThrows(SparkboltException.class, () -> settings("gpu", 0, "32").checkBackend(CPU, "the driver"));
        assertTrue(error.getMessage().contains("the driver runs the CPU backend"), error.getMessage());
    }

    @Test
    void sparkGpuAddressesMustBeCudaOrdinalsTheExecutorSees() {
        assertEquals(1, TaskDevice.ordinal("1", TWO_GPUS, "3", "host-a"));
        for (String bad : new String[] {"2", "-1", "GPU-8d2f"}) {
            SparkboltException error = assertThrows(SparkboltException.class, () -> TaskDevice.ordinal(bad, TWO_GPUS, "3", "host-a"));
            assertTrue(error.getMessage().startsWith("executor 3 (host-a) was given GPU address '" + bad + "' by Spark's discovery"
                    + " script, but ND4J sees 2 CUDA device(s) there (ordinals 0..1)"), error.getMessage());
        }
    }

    @Test
    void lightningsPrecisionNamesMapToDl4jDataTypes() {
        assertEquals(Precision.DOUBLE, Precision.parse("64"));
        assertEquals(Precision.FLOAT, Precision.parse("32-true"));
        assertEquals(Precision.HALF, Precision.parse("16"));
        assertEquals(Precision.BF16, Precision.parse("BF16-true"));
        assertEquals(org.nd4j.linalg.api.buffer.DataType.HALF, Precision.HALF.dataType());
        assertEquals(Accelerator.GPU, Accelerator.parse("cuda"));
    }

    private static DeviceSettings settings(String accelerator, int devices, String precision) {
        return new DeviceSettings(Accelerator.parse(accelerator), devices, Precision.parse(precision));
    }

    private static void assertFails(DeviceSettings settings, Backend backend, boolean distributed, String expected) {
        SparkboltException error = assertThrows(SparkboltException.class, () -> settings.check(backend, "this JVM", distributed));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
        assertEquals(1, error.getMessage().lines().count(), error.getMessage());
    }
}

package io.sparkbolt.sharing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import org.apache.spark.TaskContext;
import org.nd4j.parameterserver.distributed.v2.transport.PortSupplier;

/**
 * The UDP ports of the update exchange. DL4J asks one supplier both on the driver (the
 * controller's port) and in executor tasks (each executor's own port); with a single static port
 * two executors on one host would collide, so executors take {@code executorPort} or, when that
 * is 0, a free port chosen once per JVM.
 */
final class ExchangePorts implements PortSupplier {
    private static volatile int chosenExecutorPort;

    private final int controllerPort;
    private final int executorPort;

    ExchangePorts(int controllerPort, int executorPort) {
        this.controllerPort = controllerPort;
        this.executorPort = executorPort;
    }

    @Override
    public int getPort() {
        if (TaskContext.get() == null) {
            return controllerPort;
        }
        if (executorPort > 0) {
            return executorPort;
        }
        return freeExecutorPort();
    }

    /** One free port per executor JVM: DL4J asks several times and must get the same answer. */
    private static synchronized int freeExecutorPort() {
        if (chosenExecutorPort == 0) {
            try (DatagramSocket probe = new DatagramSocket(0)) {
                chosenExecutorPort = probe.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("no free UDP port for the gradient exchange on this executor", e);
            }
        }
        return chosenExecutorPort;
    }
}

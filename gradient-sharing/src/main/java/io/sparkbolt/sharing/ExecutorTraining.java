package io.sparkbolt.sharing;

import io.sparkbolt.trainer.api.SparkboltException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.deeplearning4j.spark.parameterserver.functions.SharedFlatMapDataSet;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingResult;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingWorker;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;

/**
 * One chunk's training in an executor task: DL4J's {@code SharedFlatMapDataSet}, prepared and
 * guarded. Before it starts, the JVM gets Aeron's timeouts and, unless the user set a network
 * mask, the mask of the address Spark uses for this executor (so DL4J announces a reachable
 * address rather than 127.0.0.1). A JVM that still has to join the exchange gets
 * {@code connectTimeout} seconds; DL4J itself would wait for the controller forever, so the task
 * is interrupted and fails with one line naming the controller's address and port.
 */
final class ExecutorTraining implements FlatMapFunction<Iterator<DataSet>, SharedTrainingResult> {
    private final SharedTrainingWorker worker;
    private final int connectTimeout;

    ExecutorTraining(SharedTrainingWorker worker, int connectTimeout) {
        this.worker = worker;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public Iterator<SharedTrainingResult> call(Iterator<DataSet> batches) throws Exception {
        AeronSettings.apply();
        VoidConfiguration network = worker.getBroadcastConfiguration().getValue().getVoidConfiguration();
        String mask = network.getNetworkMask() == null ? maskOf(executorHost()) : null;
        if (mask != null) {
            network.setNetworkMask(mask);
        }
        boolean joining = !ModelParameterServer.getInstance().isInitialized();
        AtomicBoolean timedOut = new AtomicBoolean();
        ScheduledExecutorService watchdog = joining ? startWatchdog(Thread.currentThread(), timedOut) : null;
        try {
            return new SharedFlatMapDataSet<SharedTrainingResult>(worker).call(batches);
        } catch (Exception | Error e) {
            if (timedOut.get()) {
                throw new SparkboltException("gradient-sharing: executor " + executorHost() + " could not join the update exchange"
                        + " at controller " + network.getControllerAddress() + ":" + network.getUnicastControllerPort()
                        + " (UDP) within " + connectTimeout + " s: open that port between executors and the driver,"
                        + " or set strategy.controllerAddress / strategy.networkMask", e);
            }
            throw e;
        } finally {
            if (watchdog != null) {
                watchdog.shutdownNow();
            }
            Thread.interrupted(); // a late watchdog must not leave the task thread interrupted
        }
    }

    /** Interrupts the task if this JVM has not joined the exchange after the timeout. */
    private ScheduledExecutorService startWatchdog(Thread task, AtomicBoolean timedOut) {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sparkbolt-exchange-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.schedule(() -> {
            ModelParameterServer server = ModelParameterServer.getInstance();
            boolean joined = server.isInitialized() && server.getTransport() != null && server.getTransport().isIntroduced();
            if (!joined) {
                timedOut.set(true);
                task.interrupt();
            }
        }, connectTimeout, TimeUnit.SECONDS);
        return watchdog;
    }

    /** The address Spark knows this executor by. */
    private static String executorHost() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "127.0.0.1" : env.blockManager().blockManagerId().host();
    }

    /** The /24 network of {@code host}, in the form DL4J's network mask takes. */
    static String maskOf(String host) {
        try {
            byte[] ip = InetAddress.getByName(host).getAddress();
            if (ip.length != 4) {
                return null;
            }
            return (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + ".0/24";
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

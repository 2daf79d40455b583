package io.sparkbolt.sharing;

import io.sparkbolt.trainer.api.SparkboltException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Iterator;
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
        if (ModelParameterServer.getInstance().isInitialized()) {
            // Joined already (an earlier chunk), or local mode, where the driver's exchange serves the tasks too.
            return new SharedFlatMapDataSet<SharedTrainingResult>(worker).call(batches);
        }
        try (JoinWatchdog watchdog = JoinWatchdog.watchCurrentThread(ExecutorTraining::joined, connectTimeout * 1000L)) {
            try {
                return new SharedFlatMapDataSet<SharedTrainingResult>(worker).call(batches);
            } catch (Exception | Error e) {
                if (watchdog.fired()) {
                    throw new SparkboltException(joinFailure(executorHost(), network.getControllerAddress(),
                            network.getUnicastControllerPort(), connectTimeout), e);
                }
                throw e;
            }
        }
    }

    /** Whether this JVM's exchange is running and the controller has introduced it. */
    private static boolean joined() {
        ModelParameterServer server = ModelParameterServer.getInstance();
        return server.isInitialized() && server.getTransport() != null && server.getTransport().isIntroduced();
    }

    /** The one line for an executor that could not join. */
    static String joinFailure(String executor, String controller, int port, int seconds) {
        return "gradient-sharing: executor " + executor + " could not join the update exchange at controller "
                + controller + ":" + port + " (UDP) within " + seconds + " s: open that port between executors and"
                + " the driver, or set strategy.controllerAddress / strategy.networkMask";
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

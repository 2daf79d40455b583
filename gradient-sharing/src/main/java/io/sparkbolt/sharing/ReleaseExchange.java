package io.sparkbolt.sharing;

import java.util.Iterator;
import org.apache.spark.api.java.function.VoidFunction;
import org.nd4j.parameterserver.distributed.v2.ModelParameterServer;

/**
 * Leaves the update exchange in an executor JVM at the end of a fit. DL4J keeps its exchange as
 * a per-JVM singleton that, once started, is never restarted; a later fit's new controller would
 * then never hear from this executor.
 */
final class ReleaseExchange implements VoidFunction<Iterator<Integer>> {
    @Override
    public void call(Iterator<Integer> workers) {
        ModelParameterServer server = ModelParameterServer.getInstance();
        if (server.isInitialized()) {
            server.shutdown();
        }
    }
}

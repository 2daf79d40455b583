package io.sparkbolt.sharing;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;
import org.nd4j.parameterserver.distributed.v2.enums.MeshBuildMode;

/**
 * The driver's end of the update exchange: where the controller listens, checked before DL4J
 * starts Aeron there. Aeron would otherwise fail deep inside its media driver (or wait) when the
 * port is taken; the check turns that into one line naming the address and port.
 */
final class DriverExchange {
    private DriverExchange() {
    }

    /** The exchange settings for this Spark context, after checking the controller's port can be bound. */
    static VoidConfiguration configure(GradientSharingOptions options, JavaSparkContext spark) {
        AeronSettings.apply();
        String controller = options.controllerAddress() != null ? options.controllerAddress() : defaultController(spark);
        requireBindable(controller, options.unicastPort());
        VoidConfiguration.VoidConfigurationBuilder builder = VoidConfiguration.builder()
                .portSupplier(new ExchangePorts(options.unicastPort(), options.executorPort()))
                .controllerAddress(controller)
                .meshBuildMode(options.mesh() ? MeshBuildMode.MESH : MeshBuildMode.PLAIN);
        if (options.networkMask() != null) {
            builder.networkMask(options.networkMask());
        }
        return builder.build();
    }

    /**
     * Checks, before a fit writes anything, that the controller's port can be bound; the exchange
     * itself starts at the first training chunk, and checks again.
     */
    static void checkPort(GradientSharingOptions options, JavaSparkContext spark) {
        requireBindable(options.controllerAddress() != null ? options.controllerAddress() : defaultController(spark), options.unicastPort());
    }

    /** 127.0.0.1 on a local master (everything is one JVM); otherwise the driver address Spark gives executors. */
    static String defaultController(JavaSparkContext spark) {
        if (spark.master().startsWith("local")) {
            return "127.0.0.1";
        }
        String host = spark.getConf().get("spark.driver.host", "127.0.0.1");
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new SparkboltException("gradient-sharing: the driver host '" + host + "' (spark.driver.host) does not resolve;"
                    + " set strategy.controllerAddress to the driver's IP address");
        }
    }

    private static void requireBindable(String address, int port) {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.bind(new InetSocketAddress(address, port));
        } catch (IOException | SecurityException e) {
            throw new SparkboltException("gradient-sharing: cannot listen on UDP " + address + ":" + port
                    + " for the update exchange (" + e.getMessage() + "): another process holds the port, or the address"
                    + " is not the driver's; set strategy.unicastPort or strategy.controllerAddress");
        }
    }
}

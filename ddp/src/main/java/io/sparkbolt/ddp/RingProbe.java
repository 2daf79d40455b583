package io.sparkbolt.ddp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures the ring on this machine's loopback, for {@code benchmarks/run ddp}: the seconds one
 * all-reduce of a gradient takes between {@code workers} threads, and the raw bandwidth of one TCP
 * connection, so the all-reduce can be set against its byte bound (each worker sends
 * 2(N-1)/N of the values).
 */
public final class RingProbe {
    private RingProbe() {
    }

    /**
     * Median seconds of one all-reduce of {@code values} floats among {@code workers} threads (after
     * a warm-up); {@code encrypt}: with frames encrypted, as under {@code spark.network.crypto.enabled}.
     */
    public static double secondsPerAllReduce(int workers, int values, int repeats, boolean encrypt) throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        String[] addresses = new String[workers];
        for (int w = 0; w < workers; w++) {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), workers);
            servers.add(server);
            addresses[w] = InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getLocalPort();
        }
        byte[] secret = RingHandshake.newSecret();
        ExecutorService threads = Executors.newFixedThreadPool(workers);
        try {
            List<Future<double[]>> timings = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int worker = w;
                timings.add(threads.submit(() -> {
                    try (Ring ring = Ring.connect(worker, addresses, servers.get(worker), new RingHandshake(secret), 30_000, encrypt)) {
                        float[] gradient = new float[values];
                        double[] seconds = new double[repeats];
                        ring.allReduce(new RingValues.Floats(gradient), "a warm-up");
                        for (int r = 0; r < repeats; r++) {
                            long start = System.nanoTime();
                            ring.allReduce(new RingValues.Floats(gradient), "a probe");
                            seconds[r] = (System.nanoTime() - start) / 1e9;
                        }
                        return seconds;
                    }
                }));
            }
            double[] first = timings.get(0).get();
            for (Future<double[]> other : timings) {
                other.get();
            }
            java.util.Arrays.sort(first);
            return first[first.length / 2];
        } finally {
            threads.shutdownNow();
            for (ServerSocket server : servers) {
                server.close();
            }
        }
    }

    /** Bytes per second one loopback TCP connection carries (median of {@code repeats} transfers of {@code bytes}). */
    public static double loopbackBytesPerSecond(int bytes, int repeats) throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ExecutorService reader = Executors.newSingleThreadExecutor();
            try (Socket client = new Socket()) {
                client.setTcpNoDelay(true);
                client.connect(server.getLocalSocketAddress());
                Future<Void> drained = reader.submit(() -> {
                    try (Socket accepted = server.accept(); InputStream in = accepted.getInputStream()) {
                        byte[] buffer = new byte[1 << 16];
                        long left = (long) bytes * (repeats + 1);
                        while (left > 0) {
                            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                            if (read < 0) {
                                throw new IOException("closed early");
                            }
                            left -= read;
                        }
                    }
                    return null;
                });
                OutputStream out = client.getOutputStream();
                byte[] payload = new byte[bytes];
                out.write(payload); // warm-up
                double[] seconds = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    long start = System.nanoTime();
                    out.write(payload);
                    out.flush();
                    seconds[r] = (System.nanoTime() - start) / 1e9;
                }
                drained.get();
                java.util.Arrays.sort(seconds);
                return bytes / seconds[repeats / 2];
            } finally {
                reader.shutdownNow();
            }
        }
    }
}

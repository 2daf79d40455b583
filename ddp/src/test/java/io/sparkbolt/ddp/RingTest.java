package io.sparkbolt.ddp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ring on 127.0.0.1 without Spark: its sums, its order, and what it refuses. Every test is bounded in time. */
@Timeout(60)
class RingTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
        threads.shutdownNow();
    }

    /** {@code workers} listening sockets on the loopback address, as the tasks bind theirs. */
    private List<ServerSocket> listen(int workers) throws IOException {
        List<ServerSocket> servers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), workers);
            servers.add(server);
            open.add(server);
        }
        return servers;
    }

    private static String[] addresses(List<ServerSocket> servers) {
        return servers.stream().map(s -> "127.0.0.1:" + s.getLocalPort()).toArray(String[]::new);
    }

    private <T> List<T> asWorkers(int workers, byte[] secret, int timeoutMillis, RingWork<T> work) throws Exception {
        return asWorkers(workers, secret, timeoutMillis, w -> false, work);
    }

    /** Runs {@code work} as every worker of a ring, each in its own thread, and returns each worker's result. */
    private <T> List<T> asWorkers(int workers, byte[] secret, int timeoutMillis, java.util.function.IntPredicate encrypting,
                                  RingWork<T> work) throws Exception {
        List<ServerSocket> servers = listen(workers);
        String[] addresses = addresses(servers);
        List<Future<T>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            boolean encrypt = encrypting.test(worker);
            results.add(threads.submit(() -> {
                try (Ring ring = Ring.connect(worker, addresses, servers.get(worker), new RingHandshake(secret), timeoutMillis, encrypt)) {
                    return work.run(worker, ring);
                }
            }));
        }
        List<T> out = new ArrayList<>();
        for (Future<T> result : results) {
            out.add(result.get(50, TimeUnit.SECONDS));
        }
        return out;
    }

    @FunctionalInterface
    private interface RingWork<T> {
        T run(int worker, Ring ring) throws Exception;
    }

    @Test
    void theSumReachesEveryWorkerBitForBitWithChunksOfAnySize() throws Exception {
        for (int workers : new int[] {1, 2, 3, 5}) {
            for (int length : new int[] {1, 3, 7, Ring.PIECE_VALUES * 2 + 13}) {
                IntFunction<float[]> values = w -> {
                    float[] v = new float[length];
                    for (int i = 0; i < length; i++) {
                        v[i] = (float) Math.sin(i * 0.37 + w) * (w + 1);
                    }
                    return v;
                };
                List<float[]> sums = asWorkers(workers, RingHandshake.newSecret(), 10_000, (worker, ring) -> {
                    float[] mine = values.apply(worker);
                    ring.allReduce(new RingValues.Floats(mine), "a test");
                    ring.allReduce(new RingValues.Floats(mine), "a second exchange"); // the ring carries on: sum x workers
                    return mine;
                });
                float[][] inputs = new float[workers][];
                for (int w = 0; w < workers; w++) {
                    inputs[w] = values.apply(w);
                }
                for (int i = 0; i < length; i++) {
                    double expected = 0;
                    for (int w = 0; w < workers; w++) {
                        expected += inputs[w][i];
                    }
                    assertEquals(expected * workers, sums.get(0)[i], 1e-3 * Math.max(1, Math.abs(expected * workers)),
                            workers + " workers, " + length + " values, value " + i);
                }
                for (float[] sum : sums) {
                    assertArrayEquals(sums.get(0), sum, "every worker holds the same bits");
                }
            }
        }
    }

    @Test
    void encryptedFramesSumTheSameAndAPeerThatDoesNotEncryptIsRefused() throws Exception {
        List<float[]> sums = asWorkers(3, RingHandshake.newSecret(), 10_000, w -> true, (worker, ring) -> {
            float[] mine = new float[Ring.PIECE_VALUES + 5];
            java.util.Arrays.fill(mine, worker + 1f);
            ring.allReduce(new RingValues.Floats(mine), "an encrypted test");
            return mine;
        });
        for (float[] sum : sums) {
            assertEquals(6f, sum[0]);
            assertEquals(6f, sum[Ring.PIECE_VALUES + 4]);
        }
        List<String> mixed = asWorkers(2, RingHandshake.newSecret(), 5_000, w -> w == 0, (worker, ring) -> {
            try {
                ring.allReduce(new RingValues.Floats(new float[8]), "step 0");
                return "no error";
            } catch (SparkboltException e) {
                return e.getMessage();
            }
        });
        assertTrue(mixed.stream().allMatch(m -> m.startsWith("ddp: worker ") && m.lines().count() == 1), mixed.toString());
        assertTrue(mixed.stream().anyMatch(m -> m.contains("bytes was due")), mixed.toString());
    }

    @Test
    void doublesTravelAsDoubles() throws Exception {
        List<double[]> sums = asWorkers(3, RingHandshake.newSecret(), 10_000, (worker, ring) -> {
            double[] mine = {1e-17 * (worker + 1), 1.0 + worker};
            ring.allReduce(new RingValues.Doubles(mine), "a test");
            return mine;
        });
        assertEquals(6e-17, sums.get(2)[0], 1e-30);
        assertEquals(6.0, sums.get(1)[1]);
    }

    @Test
    void theSameInputsGiveTheSameBitsEveryRun() throws Exception {
        List<float[]> first = null;
        for (int run = 0; run < 3; run++) {
            List<float[]> sums = asWorkers(4, RingHandshake.newSecret(), 10_000, (worker, ring) -> {
                float[] mine = new float[1001];
                for (int i = 0; i < mine.length; i++) {
                    mine[i] = 1f / (i + worker + 1) + 1e7f * (worker % 2);
                }
                ring.allReduce(new RingValues.Floats(mine), "a test");
                return mine;
            });
            if (first == null) {
                first = sums;
            } else {
                assertArrayEquals(first.get(0), sums.get(0));
            }
        }
    }

    @Test
    void aConnectionWithoutTheSecretIsRefusedAndTheRingStillForms() throws Exception {
        List<ServerSocket> servers = listen(2);
        String[] addresses = addresses(servers);
        // an intruder connects first to worker 1's port and answers the handshake with garbage
        Socket intruder = new Socket();
        intruder.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), servers.get(1).getLocalPort()));
        open.add(intruder);
        Future<?> garbage = threads.submit(() -> {
            intruder.getInputStream().readNBytes(36);
            DataOutputStream out = new DataOutputStream(intruder.getOutputStream());
            out.writeInt(0);
            out.write(new byte[64]);
            out.flush();
            return intruder.getInputStream().read(); // the worker hangs up
        });
        byte[] secret = RingHandshake.newSecret();
        List<Future<float[]>> results = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int worker = w;
            results.add(threads.submit(() -> {
                try (Ring ring = Ring.connect(worker, addresses, servers.get(worker), new RingHandshake(secret), 10_000, false)) {
                    float[] mine = {worker + 1f};
                    ring.allReduce(new RingValues.Floats(mine), "a test");
                    return mine;
                }
            }));
        }
        assertEquals(-1, garbage.get(20, TimeUnit.SECONDS), "the intruder was hung up on");
        assertEquals(3f, results.get(0).get(20, TimeUnit.SECONDS)[0]);
        assertEquals(3f, results.get(1).get(20, TimeUnit.SECONDS)[0]);
    }

    @Test
    void peersWithDifferentSecretsNeverExchangeData() throws Exception {
        List<ServerSocket> servers = listen(2);
        String[] addresses = addresses(servers);
        List<Future<?>> results = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int worker = w;
            results.add(threads.submit(() -> Ring.connect(worker, addresses, servers.get(worker),
                    new RingHandshake(RingHandshake.newSecret()), 3_000, false)));
        }
        for (Future<?> result : results) {
            Exception error = assertThrows(Exception.class, () -> result.get(20, TimeUnit.SECONDS));
            assertTrue(error.getCause() instanceof SparkboltException, String.valueOf(error.getCause()));
            String message = error.getCause().getMessage();
            assertTrue(message.startsWith("ddp: "), message);
            assertEquals(1, message.lines().count(), message);
        }
    }

    @Test
    void aPeerThatStopsAnsweringEndsTheExchangeWithOneLineNamingIt() throws Exception {
        long start = System.nanoTime();
        List<String> outcomes = asWorkers(2, RingHandshake.newSecret(), 1_500, (worker, ring) -> {
            if (worker == 1) {
                Thread.sleep(4_000); // stalls instead of exchanging
                return "stalled";
            }
            SparkboltException error = assertThrows(SparkboltException.class,
                    () -> ring.allReduce(new RingValues.Floats(new float[10]), "step 3"));
            return error.getMessage();
        });
        String message = outcomes.get(0);
        assertTrue(message.startsWith("ddp: worker 1 at 127.0.0.1:") && message.contains("sent nothing for 1 s during step 3"), message);
        assertEquals(1, message.lines().count());
        assertTrue(System.nanoTime() - start < 20e9, "bounded by the timeout");
    }

    @Test
    void aFrameOfTheWrongLengthEndsTheExchange() throws Exception {
        List<String> outcomes = asWorkers(2, RingHandshake.newSecret(), 5_000, (worker, ring) -> {
            int length = worker == 0 ? 10 : 12; // two models of different sizes
            try {
                ring.allReduce(new RingValues.Floats(new float[length]), "step 0");
                return "no error";
            } catch (SparkboltException e) {
                return e.getMessage();
            }
        });
        assertTrue(outcomes.stream().anyMatch(m -> m.contains("bytes was due (not a Sparkbolt ring peer, or a different model)")),
                outcomes.toString());
    }
}

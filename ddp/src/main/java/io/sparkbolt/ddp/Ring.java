package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The workers of one barrier stage connected in a ring over TCP, and the all-reduce over it:
 * reduce-scatter then all-gather (each worker sends 2(N-1)/N of the values), every chunk cut into
 * pieces that are forwarded as soon as they are summed, so sending overlaps receiving and summing.
 * Chunk c is always summed in the order of the ring starting at worker c, so every run sums in the
 * same order and gives the same bits. A piece travels as a frame: its sequence number, its length
 * in bytes, the raw values; a frame whose sequence or length is not the expected one ends the
 * stage, and nothing is deserialised. A peer that stays silent past the timeout, or whose
 * connection breaks, ends it with one line naming the worker.
 */
final class Ring implements AutoCloseable {
    /** Values per piece: large enough to amortise a frame, small enough to pipeline. */
    static final int PIECE_VALUES = 1 << 16;
    private static final int HANDSHAKE_MILLIS = 5_000;

    private final int worker;
    private final int workers;
    private final String[] addresses;
    private final Socket toNext;
    private final Socket fromPrevious;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final ExecutorService sender;
    private final FrameCipher sendCipher;
    private final FrameCipher receiveCipher;
    private byte[] sealed = new byte[0];
    private int sentFrames;
    private int receivedFrames;
    private String stage = "the ring's set-up";

    /** One proven connection: the socket and its data key. */
    private record Connection(Socket socket, byte[] key) {
    }

    private Ring(int worker, String[] addresses, Connection toNext, Connection fromPrevious, boolean encrypt) throws IOException {
        this(worker, addresses, toNext == null ? null : toNext.socket(), fromPrevious == null ? null : fromPrevious.socket(),
                encrypt && toNext != null ? new FrameCipher(toNext.key()) : null,
                encrypt && fromPrevious != null ? new FrameCipher(fromPrevious.key()) : null);
    }

    private Ring(int worker, String[] addresses, Socket toNext, Socket fromPrevious, FrameCipher sendCipher, FrameCipher receiveCipher)
            throws IOException {
        this.worker = worker;
        this.sendCipher = sendCipher;
        this.receiveCipher = receiveCipher;
        this.workers = addresses.length;
        this.addresses = addresses;
        this.toNext = toNext;
        this.fromPrevious = fromPrevious;
        this.in = toNext == null ? null : new DataInputStream(new BufferedInputStream(fromPrevious.getInputStream(), 1 << 16));
        this.out = toNext == null ? null : new DataOutputStream(new BufferedOutputStream(toNext.getOutputStream(), 1 << 16));
        this.sender = toNext == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "sparkbolt-ddp-send-" + worker);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Connects worker {@code worker} to the next one ({@code addresses[worker + 1]}, as host:port)
     * and accepts the previous one on {@code server}, each proving the secret. A single worker
     * needs no ring.
     *
     * @param timeoutMillis how long the set-up and each later read may wait for a peer
     * @param encrypt       whether frames are encrypted and authenticated ({@link FrameCipher})
     */
    static Ring connect(int worker, String[] addresses, ServerSocket server, RingHandshake handshake, int timeoutMillis,
                        boolean encrypt) {
        int workers = addresses.length;
        if (workers == 1) {
            try {
                return new Ring(worker, addresses, (Connection) null, null, false);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        int next = (worker + 1) % workers;
        int previous = (worker + workers - 1) % workers;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        // the connection to the next worker is proven while this one accepts the previous: each side waits on the other's half
        FutureTask<Connection> outgoing = new FutureTask<>(() -> connectProven(worker, next, addresses[next], handshake, timeoutMillis));
        Thread connector = new Thread(outgoing, "sparkbolt-ddp-connect-" + worker);
        connector.setDaemon(true);
        connector.start();
        Socket fromPrevious = null;
        try {
            Connection accepted = acceptProven(server, handshake, worker, previous, addresses, deadline);
            fromPrevious = accepted.socket();
            Connection toNext = outgoing.get(Math.max(1, deadline - System.currentTimeMillis()) + HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
            toNext.socket().setSoTimeout(timeoutMillis);
            fromPrevious.setSoTimeout(timeoutMillis);
            return new Ring(worker, addresses, toNext, accepted, encrypt);
        } catch (SocketTimeoutException | TimeoutException e) {
            closeQuietly(fromPrevious);
            outgoing.cancel(true);
            throw new SparkboltException("ddp: worker " + worker + " could not connect the ring within " + timeoutMillis / 1000
                    + " s (worker " + next + " at " + addresses[next] + ", worker " + previous + " at " + addresses[previous]
                    + "; " + e.getMessage() + "): a firewall between executors, a peer without this fit's secret, or one that is gone", e);
        } catch (ExecutionException e) {
            closeQuietly(fromPrevious);
            Throwable cause = e.getCause();
            if (cause instanceof SparkboltException refused) {
                throw refused;
            }
            throw new SparkboltException("ddp: worker " + worker + " could not connect the ring to worker " + next + " at "
                    + addresses[next] + ": " + cause.getMessage(), cause);
        } catch (IOException e) {
            closeQuietly(fromPrevious);
            outgoing.cancel(true);
            throw new SparkboltException("ddp: worker " + worker + " could not accept worker " + previous + " on the ring: "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            closeQuietly(fromPrevious);
            outgoing.cancel(true);
            Thread.currentThread().interrupt();
            throw new SparkboltException("ddp: worker " + worker + " was interrupted while connecting the ring", e);
        }
    }

    /** Connects to the next worker and proves the secret; refuses a peer that does not prove its own. */
    private static Connection connectProven(int self, int next, String address, RingHandshake handshake, int timeoutMillis)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address(address), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            RingHandshake.Proven proven = handshake.connect(new DataInputStream(socket.getInputStream()),
                    new DataOutputStream(socket.getOutputStream()), self, next);
            if (proven == null) {
                throw new SparkboltException("ddp: the peer at " + address + " did not prove it is worker " + next
                        + " of this fit (no shared secret): refused");
            }
            return new Connection(socket, proven.dataKey());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Accepts connections until one proves to be {@code previous}; the others are dropped. */
    private static Connection acceptProven(ServerSocket server, RingHandshake handshake, int self, int previous, String[] addresses,
                                       long deadline) throws IOException {
        int refused = 0;
        while (true) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new SocketTimeoutException("worker " + previous + " at " + addresses[previous] + " never connected"
                        + (refused > 0 ? " (" + refused + " connection(s) without the secret refused)" : ""));
            }
            server.setSoTimeout((int) left);
            Socket candidate = server.accept();
            try {
                candidate.setTcpNoDelay(true);
                candidate.setSoTimeout((int) Math.min(HANDSHAKE_MILLIS, Math.max(1, left)));
                RingHandshake.Proven proven = handshake.accept(new DataInputStream(candidate.getInputStream()),
                        new DataOutputStream(candidate.getOutputStream()), self);
                if (proven != null && proven.peer() == previous) {
                    return new Connection(candidate, proven.dataKey());
                }
            } catch (IOException e) {
                // a peer that does not speak the handshake, or stalls in it: dropped like one without the secret
            }
            refused++;
            candidate.close();
        }
    }

    /**
     * Replaces {@code values} by their sum over the workers, in place; every worker calls it with
     * the same number of values, in the same order. {@code what} names the exchange in errors.
     */
    void allReduce(RingValues values, String what) {
        if (workers == 1) {
            return;
        }
        stage = what;
        int length = values.length();
        int[] start = new int[workers + 1];
        for (int c = 0; c <= workers; c++) {
            start[c] = (int) ((long) length * c / workers);
        }
        int transfers = 2 * (workers - 1);
        Deque<Future<?>> sends = new ArrayDeque<>();
        sendChunk(values, start, chunkSent(0), sends);
        byte[] frame = new byte[Math.min(PIECE_VALUES, Math.max(1, length)) * values.bytesPerValue()];
        ByteBuffer received = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        for (int transfer = 0; transfer < transfers; transfer++) {
            int chunk = chunkReceived(transfer);
            boolean summing = transfer < workers - 1;
            for (int from = start[chunk]; from < start[chunk + 1]; from += PIECE_VALUES) {
                int count = Math.min(PIECE_VALUES, start[chunk + 1] - from);
                readFrame(frame, count * values.bytesPerValue());
                received.clear();
                if (summing) {
                    values.add(from, count, received);
                } else {
                    values.set(from, count, received);
                }
                if (transfer + 1 < transfers) {
                    int pieceFrom = from;
                    sends.add(sender.submit(() -> writeFrame(values, pieceFrom, count))); // the chunk received is the next one sent
                }
            }
        }
        for (Future<?> send : sends) {
            awaitSend(send);
        }
    }

    /**
     * Whether every worker of the ring is still connected and at the same stage: each contributes
     * {@code token} (the same on all of them when they run one stage attempt), and the ring's sum
     * of the tokens and of their squares tells whether all were equal. A peer that is gone, or
     * answers nothing within {@code timeoutMillis}, makes it false; the caller then closes the ring,
     * which its neighbours see at once, so every worker falls back together.
     */
    boolean confirm(long token, int timeoutMillis) {
        if (workers == 1) {
            return true;
        }
        try {
            int usual = fromPrevious.getSoTimeout();
            fromPrevious.setSoTimeout(timeoutMillis);
            double value = token;
            double[] sums = {value, value * value};
            allReduce(new RingValues.Doubles(sums), "the check that the ring from the last segment still stands");
            fromPrevious.setSoTimeout(usual);
            return sums[0] == workers * value && sums[1] == workers * value * value;
        } catch (SparkboltException | IOException e) {
            return false;
        }
    }

    /** The chunk worker sends in transfer {@code t}: reduce-scatter, then all-gather. */
    private int chunkSent(int t) {
        int step = t < workers - 1 ? t : t - (workers - 1) - 1;
        return Math.floorMod(worker - step, workers);
    }

    /** The chunk it receives in transfer {@code t} (and sends in {@code t + 1}). */
    private int chunkReceived(int t) {
        int step = t < workers - 1 ? t + 1 : t - (workers - 1);
        return Math.floorMod(worker - step, workers);
    }

    private void sendChunk(RingValues values, int[] start, int chunk, Deque<Future<?>> sends) {
        for (int from = start[chunk]; from < start[chunk + 1]; from += PIECE_VALUES) {
            int pieceFrom = from;
            int count = Math.min(PIECE_VALUES, start[chunk + 1] - from);
            sends.add(sender.submit(() -> writeFrame(values, pieceFrom, count)));
        }
    }

    /** On the sender thread: one frame, its header and the raw values. */
    private Void writeFrame(RingValues values, int from, int count) throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(count * values.bytesPerValue()).order(ByteOrder.LITTLE_ENDIAN);
        values.write(from, count, payload);
        int sequence = sentFrames++;
        byte[] frame = sendCipher == null ? payload.array() : sendCipher.seal(sequence, payload.array());
        out.writeInt(sequence);
        out.writeInt(frame.length);
        out.write(frame);
        out.flush();
        return null;
    }

    private void readFrame(byte[] into, int bytes) {
        int previous = Math.floorMod(worker - 1, workers);
        try {
            int sequence = in.readInt();
            int length = in.readInt();
            int expected = receiveCipher == null ? bytes : bytes + FrameCipher.TAG_BYTES;
            if (sequence != receivedFrames || length != expected) {
                throw new SparkboltException("ddp: worker " + previous + " at " + addresses[previous] + " sent frame " + sequence
                        + " of " + length + " bytes during " + stage + " where frame " + receivedFrames + " of " + expected
                        + " bytes was due (not a Sparkbolt ring peer, or a different model): the stage is ended");
            }
            if (receiveCipher == null) {
                in.readFully(into, 0, bytes);
            } else {
                if (sealed.length < expected) {
                    sealed = new byte[expected];
                }
                in.readFully(sealed, 0, expected);
                receiveCipher.open(sequence, sealed, expected, into, "worker " + previous + " at " + addresses[previous]);
            }
            receivedFrames++;
        } catch (SocketTimeoutException e) {
            throw new SparkboltException("ddp: worker " + previous + " at " + addresses[previous] + " sent nothing for "
                    + fromPreviousTimeoutSeconds() + " s during " + stage + ": it stalled or its executor is gone", e);
        } catch (EOFException e) {
            throw new SparkboltException("ddp: worker " + previous + " at " + addresses[previous] + " closed the ring during "
                    + stage + ": its task failed or its executor was lost", e);
        } catch (IOException e) {
            throw new SparkboltException("ddp: the ring connection from worker " + previous + " at " + addresses[previous]
                    + " broke during " + stage + " (" + e.getMessage() + "): its task failed or its executor was lost", e);
        }
    }

    private int fromPreviousTimeoutSeconds() {
        try {
            return fromPrevious.getSoTimeout() / 1000;
        } catch (IOException e) {
            return -1;
        }
    }

    private void awaitSend(Future<?> send) {
        int next = (worker + 1) % workers;
        try {
            send.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SparkboltException("ddp: worker " + worker + " was interrupted during " + stage, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new SparkboltException("ddp: worker " + worker + " could not send to worker " + next + " at " + addresses[next]
                    + " during " + stage + " (" + e.getCause().getMessage() + "): its task failed or its executor was lost", e);
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.shutdownNow();
        }
        closeQuietly(toNext, fromPrevious);
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket socket : sockets) {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing: nothing left to do
                }
            }
        }
    }
}

package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.replica.GradientReducer;
import io.sparkbolt.trainer.workers.LockstepExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.apache.spark.BarrierTaskContext;

/**
 * How {@code ddp}'s tasks meet: each binds a port on its executor's own address (never every
 * interface), the tasks swap host:port through {@code BarrierTaskContext.allGather} (Spark's
 * rendezvous, as TorchDistributor and Horovod use it), and each connects to the next worker and
 * accepts the previous one, both proving the fit's secret. Shipped with each round's stage.
 *
 * @param secret         the fit's random secret (travels with the stage, as the broadcast model does)
 * @param timeoutSeconds how long the set-up, and later each read, may wait for a peer
 */
record RingExchange(byte[] secret, int timeoutSeconds) implements LockstepExchange {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RingExchange.class);

    /** A worker's kept ring is trusted again only if every peer answers within this (or the timeout, if shorter). */
    private static final int CONFIRM_MILLIS = 5_000;

    @Override
    public GradientReducer open(BarrierTaskContext context, int worker, int workers) {
        RingCache.Key key = new RingCache.Key(fitId(), worker);
        Ring kept = RingCache.take(key);
        if (kept != null) {
            // the same on every task of this stage attempt, different for the next: a kept ring answers for this stage only
            long token = (context.stageId() * 64L + context.stageAttemptNumber()) % (1L << 24);
            if (kept.confirm(token, Math.min(CONFIRM_MILLIS, timeoutSeconds * 1000))) {
                return new RingAllReduce(kept, key);
            }
            kept.close(); // its neighbours see it closed and fall back to the rendezvous too
        }
        return new RingAllReduce(rendezvous(context, worker, workers), key);
    }

    @Override
    public void releaseOnExecutor() {
        RingCache.release(fitId());
    }

    /** Identifies the fit on the executors without revealing its secret. */
    private String fitId() {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(secret)).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Meets the other tasks through Spark's allGather and connects the ring. */
    private Ring rendezvous(BarrierTaskContext context, int worker, int workers) {
        org.apache.spark.BarrierTaskInfo[] tasks = context.getTaskInfos();
        if (tasks.length != workers || context.partitionId() >= tasks.length) {
            throw new SparkboltException("ddp: worker " + worker + " runs in a barrier stage of " + tasks.length + " tasks where "
                    + workers + " workers were started: the stage is ended, to be run again whole");
        }
        String host = host(tasks[context.partitionId()].address());
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), workers);
        } catch (IOException e) {
            throw new SparkboltException("ddp: worker " + worker + " cannot listen on its executor's address " + host + ": " + e.getMessage(), e);
        }
        try (server) {
            String[] addresses = context.allGather(host + ":" + server.getLocalPort());
            if (addresses.length != workers) {
                throw new SparkboltException("ddp: " + addresses.length + " tasks met where " + workers + " workers were started");
            }
            boolean encrypted = encrypted();
            Ring ring = Ring.connect(worker, addresses, server, new RingHandshake(secret), timeoutSeconds * 1000, encrypted);
            LOG.info("ddp: worker {} of {} joined its ring on {}:{}{}", worker, workers, host, server.getLocalPort(),
                    encrypted ? ", frames encrypted (spark.network.crypto.enabled)" : "");
            return ring;
        } catch (IOException e) {
            throw new SparkboltException("ddp: worker " + worker + " could not close its listening port: " + e.getMessage(), e);
        }
    }

    /** Whether the application encrypts its network traffic: then the ring's frames are encrypted too. */
    private static boolean encrypted() {
        org.apache.spark.SparkEnv env = org.apache.spark.SparkEnv.get();
        return env != null && env.conf().getBoolean("spark.network.crypto.enabled", false);
    }

    /** The host of Spark's {@code host:port} (IPv6 hosts come bracketed or bare). */
    static String host(String address) {
        int colon = address.lastIndexOf(':');
        String host = colon > 0 ? address.substring(0, colon) : address;
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}

package io.sparkbolt.ddp;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mutual proof, before any data, that both ends of a ring connection hold the fit's secret: the
 * accepting side sends a fresh nonce, the connecting side answers with its worker number, its own
 * nonce and an HMAC-SHA256 over the accepting side's nonce and its number; the accepting side
 * answers the other nonce the same way. Nonces make a recorded exchange useless; nothing read is
 * interpreted before its HMAC checks out except fixed-size fields.
 */
final class RingHandshake {
    private static final int MAGIC = 0x53424452; // "SBDR"
    private static final int NONCE_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;

    RingHandshake(byte[] secret) {
        this.secret = secret.clone();
    }

    /** A new random secret for one fit. */
    static byte[] newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return secret;
    }

    /**
     * What a proven connection carries: the peer's worker number and the key of this connection's
     * data (derived from the secret and both nonces, so each connection of each fit has its own).
     */
    record Proven(int peer, byte[] dataKey) {
    }

    /**
     * The accepting side: what the peer proved, or null when it did not prove knowledge of the
     * secret (the caller drops the connection).
     */
    Proven accept(DataInputStream in, DataOutputStream out, int self) throws IOException {
        byte[] nonce = nonce();
        out.writeInt(MAGIC);
        out.write(nonce);
        out.flush();
        int peer = in.readInt();
        byte[] peerNonce = in.readNBytes(NONCE_BYTES);
        byte[] proof = in.readNBytes(32);
        if (peerNonce.length != NONCE_BYTES || !MessageDigest.isEqual(proof, mac("connect", nonce, peer))) {
            return null;
        }
        out.write(mac("accept", peerNonce, self));
        out.flush();
        return new Proven(peer, dataKey(nonce, peerNonce));
    }

    /** The connecting side: proves itself as worker {@code self}; null when the peer does not prove itself as {@code peer}. */
    Proven connect(DataInputStream in, DataOutputStream out, int self, int peer) throws IOException {
        if (in.readInt() != MAGIC) {
            return null;
        }
        byte[] peerNonce = in.readNBytes(NONCE_BYTES);
        byte[] nonce = nonce();
        out.writeInt(self);
        out.write(nonce);
        out.write(mac("connect", peerNonce, self));
        out.flush();
        if (!MessageDigest.isEqual(in.readNBytes(32), mac("accept", nonce, peer))) {
            return null;
        }
        return new Proven(peer, dataKey(peerNonce, nonce));
    }

    /** The key of one connection's data: an HMAC of both nonces, the accepting side's first. */
    private byte[] dataKey(byte[] acceptNonce, byte[] connectNonce) {
        byte[] both = new byte[acceptNonce.length + connectNonce.length];
        System.arraycopy(acceptNonce, 0, both, 0, acceptNonce.length);
        System.arraycopy(connectNonce, 0, both, acceptNonce.length, connectNonce.length);
        return mac("data", both, 0);
    }

    private static byte[] nonce() {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        return nonce;
    }

    private byte[] mac(String role, byte[] nonce, int worker) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("sparkbolt-ddp-" + role).getBytes(StandardCharsets.US_ASCII));
            mac.update(nonce);
            mac.update(ByteBuffer.allocate(Integer.BYTES).putInt(worker).array());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}

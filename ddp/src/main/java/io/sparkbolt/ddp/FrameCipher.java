package io.sparkbolt.ddp;

import io.sparkbolt.trainer.api.SparkboltException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM over one direction of one ring connection, used when the application runs with
 * {@code spark.network.crypto.enabled}: each frame is encrypted and authenticated with the
 * connection's own key and the frame's sequence number as nonce (never reused under one key), so
 * a frame read, changed, replayed or reordered on the wire is refused.
 */
final class FrameCipher {
    /** Bytes the authentication tag adds to a frame. */
    static final int TAG_BYTES = 16;

    private final SecretKeySpec key;

    FrameCipher(byte[] connectionKey) {
        this.key = new SecretKeySpec(connectionKey, 0, 16, "AES");
    }

    /** Frame {@code sequence}'s payload, encrypted with its tag appended. */
    byte[] seal(int sequence, byte[] plain) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(sequence)));
            return cipher.doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES/GCM", e);
        }
    }

    /** Decrypts frame {@code sequence} into {@code plain}; fails with one line when it was not sealed with this key and number. */
    void open(int sequence, byte[] sealed, int sealedLength, byte[] plain, String from) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(sequence)));
            cipher.doFinal(sealed, 0, sealedLength, plain, 0);
        } catch (AEADBadTagException e) {
            throw new SparkboltException("ddp: frame " + sequence + " from " + from + " failed its authentication (changed on the"
                    + " wire, or not encrypted with this connection's key): the stage is ended", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES/GCM", e);
        }
    }

    private static byte[] nonce(int sequence) {
        return ByteBuffer.allocate(12).putInt(8, sequence).array();
    }
}

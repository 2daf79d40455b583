package io.sparkbolt.trainer.loggers.tensorboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard event files: each record is its length
 * (uint64, little-endian), the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of
 * the data (all little-endian). Masking is TensorFlow's: rotate right by 15 bits, add
 * {@code 0xa282ead8}.
 */
public final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {
    }

    /** The framed record holding {@code data}. */
    public static byte[] frame(byte[] data) {
        ByteBuffer record = ByteBuffer.allocate(8 + 4 + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        record.putLong(data.length);
        record.putInt(maskedCrc32c(record.array(), 0, 8));
        record.put(data);
        record.putInt(maskedCrc32c(data, 0, data.length));
        return record.array();
    }

    /** TensorFlow's masked CRC32C of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static int maskedCrc32c(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        return ((value >>> 15) | (value << 17)) + MASK_DELTA;
    }
}

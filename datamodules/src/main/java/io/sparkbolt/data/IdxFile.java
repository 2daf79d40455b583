package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST's idx format (gzip-compressed): a magic number, the dimensions, then unsigned
 * bytes. Keeps the bytes as they are; conversion to floats happens per batch.
 */
final class IdxFile {
    static final int IMAGES_MAGIC = 2051;
    static final int LABELS_MAGIC = 2049;

    final int count;
    final int itemSize;
    final byte[] data;

    private IdxFile(int count, int itemSize, byte[] data) {
        this.count = count;
        this.itemSize = itemSize;
        this.data = data;
    }

    /** Reads only the number of items from an idx file's header. */
    static int readCount(InputStream raw, int expectedMagic, String name) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            int magic = in.readInt();
            if (magic != expectedMagic) {
                throw new SparkboltException(name + ": not an idx " + (expectedMagic == IMAGES_MAGIC ? "image" : "label")
                        + " file (magic number " + magic + ", expected " + expectedMagic + ")");
            }
            return in.readInt();
        } catch (IOException e) {
            throw new SparkboltException(name + ": cannot read idx header: " + e.getMessage(), e);
        }
    }

    /** Reads an idx file of the given kind; {@code name} is used in error messages. */
    static IdxFile read(InputStream raw, int expectedMagic, String name) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw, 1 << 16))) {
            int magic = in.readInt();
            if (magic != expectedMagic) {
                throw new SparkboltException(name + ": not an idx " + (expectedMagic == IMAGES_MAGIC ? "image" : "label")
                        + " file (magic number " + magic + ", expected " + expectedMagic + ")");
            }
            int count = in.readInt();
            int itemSize = 1;
            if (expectedMagic == IMAGES_MAGIC) {
                itemSize = in.readInt() * in.readInt();
            }
            if (count <= 0 || itemSize <= 0) {
                throw new SparkboltException(name + ": bad idx header (count " + count + ", item size " + itemSize + ")");
            }
            byte[] data = new byte[Math.multiplyExact(count, itemSize)];
            in.readFully(data);
            return new IdxFile(count, itemSize, data);
        } catch (EOFException e) {
            throw new SparkboltException(name + ": file ends before its header says it should (truncated download?)", e);
        } catch (IOException e) {
            throw new SparkboltException(name + ": cannot read idx file: " + e.getMessage(), e);
        }
    }
}

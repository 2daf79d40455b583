package io.sparkbolt.submit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.util.Progressable;

/**
 * Local files, with the second write of {@code last.ckpt} held open for {@link #HOLD_MS} before it
 * closes: a checkpoint caught in the middle of being written, for a test to kill the process then.
 * Installed for {@code file:} with {@code -Dspark.hadoop.fs.file.impl}.
 */
public final class SlowCheckpointFileSystem extends RawLocalFileSystem {
    /** How long the held write stays open. */
    public static final long HOLD_MS = 60_000;
    private static final AtomicInteger LAST_CHECKPOINT_WRITES = new AtomicInteger();

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        FSDataOutputStream out = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
        boolean held = f.getName().startsWith(".last.ckpt.") && f.getName().endsWith(".tmp")
                && LAST_CHECKPOINT_WRITES.incrementAndGet() == 2;
        return held ? new FSDataOutputStream(new Held(out), null) : out;
    }

    /** Passes everything on, and waits before closing. */
    private static final class Held extends FilterOutputStream implements Syncable, StreamCapabilities {
        private final FSDataOutputStream target;

        Held(FSDataOutputStream target) {
            super(target);
            this.target = target;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target.write(b, off, len);
        }

        @Override
        public void hflush() throws IOException {
            target.hflush();
        }

        @Override
        public void hsync() throws IOException {
            target.hsync();
        }

        @Override
        public boolean hasCapability(String capability) {
            return target.hasCapability(capability);
        }

        @Override
        public void close() throws IOException {
            try {
                Thread.sleep(HOLD_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.close();
        }
    }
}

package io.sparkbolt.trainer.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.Syncable;
import org.apache.hadoop.util.Progressable;

/**
 * Local files under the {@code copyfs:} scheme, renamed the way object stores do it: by copying,
 * and refusing to overwrite. With {@link #truncateNextCopyOfTemporaryFile} a copy of a temporary
 * file writes only half its bytes, as an interrupted upload would. Registered through
 * {@code fs.copyfs.impl}.
 */
public final class CopyingFileSystem extends RawLocalFileSystem {
    /** The scheme it serves. */
    public static final String SCHEME = "copyfs";
    private static volatile boolean truncateNext;
    private static volatile boolean failNextWrite;
    private static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    /** A stream that records when it is synced to stable storage, and passes everything on. */
    private static final class SyncRecording extends FilterOutputStream implements Syncable, StreamCapabilities {
        private final FSDataOutputStream target;
        private final String name;

        SyncRecording(FSDataOutputStream target, String name) {
            super(target);
            this.target = target;
            this.name = name;
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
            EVENTS.add("hsync " + name);
            target.hsync();
        }

        @Override
        public boolean hasCapability(String capability) {
            return target.hasCapability(capability);
        }
    }

    /** Makes the next rename of a {@code .tmp} file copy only half of it. */
    public static void truncateNextCopyOfTemporaryFile() {
        truncateNext = true;
    }

    /** Makes the next file written fail with an I/O error after its first KiB, as a full disk would. */
    public static void failNextWriteHalfway() {
        failNextWrite = true;
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        FSDataOutputStream out = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
        if (!failNextWrite) {
            return new FSDataOutputStream(new SyncRecording(out, f.getName()), null);
        }
        failNextWrite = false;
        return new FSDataOutputStream(new FilterOutputStream(out) {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 1024) {
                    throw new IOException("injected: no space left on device");
                }
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        }, null);
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    /** What happened to files, in order: {@code hsync NAME} and {@code rename FROM TO}, by file name. */
    public static List<String> events() {
        return List.copyOf(EVENTS);
    }

    public static void clearEvents() {
        EVENTS.clear();
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        EVENTS.add("rename " + src.getName() + " " + dst.getName());
        if (exists(dst)) {
            return false;
        }
        byte[] bytes;
        try (InputStream in = open(src)) {
            bytes = in.readAllBytes();
        }
        if (truncateNext && src.getName().endsWith(".tmp")) {
            truncateNext = false;
            bytes = Arrays.copyOf(bytes, bytes.length / 2);
        }
        try (OutputStream out = create(dst, false)) {
            out.write(bytes);
        }
        return delete(src, false);
    }
}

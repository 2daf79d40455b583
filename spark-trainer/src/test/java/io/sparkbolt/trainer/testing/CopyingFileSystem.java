package io.sparkbolt.trainer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.Arrays;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

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

    /** Makes the next rename of a {@code .tmp} file copy only half of it. */
    public static void truncateNextCopyOfTemporaryFile() {
        truncateNext = true;
    }

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
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

package io.sparkbolt.trainer.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes and directories on local files, as every caller names them: URIs and bare Hadoop paths. */
class StorageTest {

    @Test
    void bareHadoopPathsWriteAndClaimLikeFileUris(@TempDir java.nio.file.Path dir) throws Exception {
        Path bare = new Path(dir.resolve("a/b.txt").toString()); // no scheme, as Spark ML's writers give them
        Storage.writeAtomically(bare, "one".getBytes(StandardCharsets.UTF_8));
        assertEquals("one", Files.readString(dir.resolve("a/b.txt")));
        assertTrue(Storage.createDirectoryExclusively(new Path(dir.resolve("v/version_0").toString())));
        assertFalse(Storage.createDirectoryExclusively(Storage.path(dir.resolve("v/version_0").toString())), "taken already");
    }

    @Test
    void concurrentWritersOfOneFileNeverMixTheirBytes(@TempDir java.nio.file.Path dir) throws Exception {
        Path target = Storage.path(dir.resolve("last.bin").toString());
        byte[] a = new byte[1 << 20];
        byte[] b = new byte[1 << 20];
        java.util.Arrays.fill(a, (byte) 'a');
        java.util.Arrays.fill(b, (byte) 'b');
        ExecutorService two = Executors.newFixedThreadPool(2);
        List<Future<?>> writes = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            byte[] bytes = i % 2 == 0 ? a : b;
            writes.add(two.submit(() -> Storage.writeAtomically(target, bytes)));
        }
        for (Future<?> write : writes) {
            write.get();
        }
        two.shutdown();
        byte[] result = Files.readAllBytes(dir.resolve("last.bin"));
        assertTrue(java.util.Arrays.equals(result, a) || java.util.Arrays.equals(result, b), "one writer's bytes, whole");
        try (var files = Files.list(dir)) {
            assertArrayEquals(new String[] {"last.bin"}, files.map(p -> p.getFileName().toString()).toArray(), "no temporary file left");
        }
    }
}

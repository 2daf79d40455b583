package io.sparkbolt.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.sparkbolt.trainer.api.SparkboltException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** prepareData downloads missing files over HTTP (a server on 127.0.0.1 here) and checks their SHA-256. */
class MnistDownloadTest {
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean corrupt;

    @BeforeEach
    void serveTheProjectCopy() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mnist/", exchange -> {
            requests.incrementAndGet();
            String name = exchange.getRequestURI().getPath().substring("/mnist/".length());
            Path file = Path.of(MnistDataModuleTest.DIR, name);
            byte[] body = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
            if (corrupt && body.length > 0) {
                body[body.length / 2] ^= 1;
            }
            exchange.sendResponseHeaders(body.length > 0 ? 200 : 404, body.length > 0 ? body.length : -1);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mnist/";
    }

    @Test
    void missingFilesAreDownloadedAndVerified(@TempDir Path dir) throws Exception {
        new MnistDataModule(dir.toString(), 64, 5000, url(), 42, 1).prepareData();
        assertEquals(4, requests.get());
        for (String name : MnistFiles.ALL) {
            assertArrayEquals(Files.readAllBytes(Path.of(MnistDataModuleTest.DIR, name)), Files.readAllBytes(dir.resolve(name)));
        }
        new MnistDataModule(dir.toString(), 64, 5000, url(), 42, 1).prepareData();
        assertEquals(4, requests.get(), "present files are not fetched again");
    }

    @Test
    void aDownloadWithTheWrongDigestIsRefusedAndNotWritten(@TempDir Path dir) {
        corrupt = true;
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> new MnistDataModule(dir.toString(), 64, 5000, url(), 42, 1).prepareData());
        assertTrue(error.getMessage().contains("not the published one"), error.getMessage());
        assertFalse(Files.exists(dir.resolve(MnistFiles.TRAIN_IMAGES)));
    }

    @Test
    void anHttpErrorNamesTheAddress(@TempDir Path dir) {
        SparkboltException error = assertThrows(SparkboltException.class,
                () -> new MnistDataModule(dir.toString(), 64, 5000, url() + "nowhere/", 42, 1).prepareData());
        assertTrue(error.getMessage().contains("failed: HTTP 404"), error.getMessage());
    }
}

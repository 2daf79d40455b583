package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.api.Optimizers;
import io.sparkbolt.trainer.callbacks.ModelCheckpoint;
import io.sparkbolt.trainer.loggers.TensorBoardLogger;
import io.sparkbolt.trainer.loggers.tensorboard.Event;
import io.sparkbolt.trainer.loggers.tensorboard.HParamsPluginData;
import io.sparkbolt.trainer.loggers.tensorboard.SessionLog;
import io.sparkbolt.trainer.loggers.tensorboard.Status;
import io.sparkbolt.trainer.loggers.tensorboard.Summary;
import io.sparkbolt.trainer.models.MlpClassifier;
import io.sparkbolt.trainer.testing.MemoryLogger;
import io.sparkbolt.trainer.testing.SyntheticData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TensorBoard logger's event files, read back by a TFRecord reader written here from the
 * format's description: every record's length and data CRCs are checked, every event decoded.
 */
class TensorBoardLoggerTest {

    @Test
    void eventFilesHoldEveryScalarTheHyperparametersAndTheConfig(@TempDir Path root) throws IOException {
        MemoryLogger memory = new MemoryLogger();
        Trainer trainer = TestTrainers.quiet().maxEpochs(2).logEveryNSteps(2).config("seed: 7\ntrainer:\n  maxEpochs: 2\n")
                .loggers(List.of(new TensorBoardLogger(root.toString()), memory)).build();
        trainer.fit(new MlpClassifier(List.of(8), 0.01), SyntheticData.small());

        Path version = root.resolve("sparkbolt_logs/version_0");
        assertTrue(Files.exists(version.resolve("hparams.yaml")));
        List<Event> events = readEvents(onlyEventFile(version));
        assertEquals("brain.Event:2", events.get(0).getFileVersion());

        List<String> scalars = new ArrayList<>();
        for (Event event : events) {
            for (Summary.Value value : event.getSummary().getValueList()) {
                if (value.hasSimpleValue()) {
                    scalars.add(event.getStep() + " " + value.getTag() + "=" + value.getSimpleValue());
                }
            }
        }
        List<String> expected = new ArrayList<>();
        for (MemoryLogger.Row row : memory.rows()) {
            row.metrics().forEach((name, value) -> expected.add(row.step() + " " + name + "=" + value.floatValue()));
        }
        assertEquals(expected, scalars, "every logged value, at its step, in order");
        assertTrue(scalars.stream().anyMatch(s -> s.startsWith("16 val_acc=")), scalars.toString());

        Summary.Value start = tagged(events, "_hparams_/session_start_info");
        assertEquals("hparams", start.getMetadata().getPluginData().getPluginName());
        HParamsPluginData hparams = HParamsPluginData.parseFrom(start.getMetadata().getPluginData().getContent());
        assertEquals(0.01, hparams.getSessionStartInfo().getHparamsMap().get("lr").getNumberValue());
        assertEquals("[8]", hparams.getSessionStartInfo().getHparamsMap().get("hidden").getStringValue());
        HParamsPluginData end = HParamsPluginData.parseFrom(tagged(events, "_hparams_/session_end_info").getMetadata().getPluginData().getContent());
        assertEquals(Status.STATUS_SUCCESS, end.getSessionEndInfo().getStatus());

        Summary.Value config = tagged(events, "config");
        assertEquals("text", config.getMetadata().getPluginData().getPluginName());
        assertTrue(config.getTensor().getStringVal(0).toString(StandardCharsets.UTF_8).contains("maxEpochs: 2"));
    }

    @Test
    void theReaderRefusesAFlippedBit(@TempDir Path root) throws IOException {
        Trainer trainer = TestTrainers.quiet().maxEpochs(1).loggers(List.of(new TensorBoardLogger(root.toString()))).build();
        trainer.fit(new MlpClassifier(List.of(8), 0.01), SyntheticData.small());
        Path file = onlyEventFile(root.resolve("sparkbolt_logs/version_0"));
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 6] ^= 0x01;
        Files.write(file, bytes);
        IOException error = assertThrows(IOException.class, () -> readEvents(file));
        assertTrue(error.getMessage().contains("data CRC"), error.getMessage());
    }

    @Test
    void aResumedFitContinuesTheVersionInANewFileThatStartsASession(@TempDir Path root) throws IOException {
        Path ckpts = root.resolve("ckpts");
        TestTrainers.quiet().maxEpochs(1).enableCheckpointing(true).loggers(List.of(new TensorBoardLogger(root.toString())))
                .callbacks(ModelCheckpoint.builder().dirPath(ckpts.toString()).build()).build()
                .fit(new MlpClassifier(List.of(8), 0.01), SyntheticData.small());
        TestTrainers.quiet().maxEpochs(2).enableCheckpointing(true).loggers(List.of(new TensorBoardLogger(root.toString())))
                .callbacks(ModelCheckpoint.builder().dirPath(ckpts.toString()).build()).build()
                .fit(new MlpClassifier(List.of(8), 0.01), SyntheticData.small(), "last");

        Path version = root.resolve("sparkbolt_logs/version_0");
        assertTrue(Files.notExists(root.resolve("sparkbolt_logs/version_1")));
        List<Path> files;
        try (var list = Files.list(version)) {
            files = list.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).sorted().toList();
        }
        assertEquals(2, files.size());
        Event marker = readEvents(files.get(1)).get(1);
        assertEquals(SessionLog.SessionStatus.START, marker.getSessionLog().getStatus());
        assertEquals(9, marker.getStep(), "events after the checkpoint's step 8 are superseded");
    }

    private static Summary.Value tagged(List<Event> events, String tag) {
        return events.stream().flatMap(e -> e.getSummary().getValueList().stream()).filter(v -> v.getTag().equals(tag))
                .findFirst().orElseThrow(() -> new AssertionError("no summary tagged " + tag));
    }

    private static Path onlyEventFile(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            List<Path> events = files.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.")).toList();
            assertEquals(1, events.size(), events.toString());
            return events.get(0);
        }
    }

    /** Reads a TFRecord file: uint64 length, masked CRC32C of it, data, masked CRC32C of the data; all little-endian. */
    static List<Event> readEvents(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Event> events = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] header = new byte[8];
            in.get(header);
            long length = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (in.getInt() != masked(header)) {
                throw new IOException("length CRC mismatch at record " + events.size());
            }
            byte[] data = new byte[Math.toIntExact(length)];
            in.get(data);
            if (in.getInt() != masked(data)) {
                throw new IOException("data CRC mismatch at record " + events.size());
            }
            events.add(Event.parseFrom(data));
        }
        return events;
    }

    private static int masked(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        int value = (int) crc.getValue();
        return Integer.rotateRight(value, 15) + 0xa282ead8;
    }
}

package io.sparkbolt.trainer.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoint files: the zip DL4J's {@link ModelSerializer} writes (configuration, parameters,
 * updater state), so plain DL4J restores the network, with the Trainer's own state beside DL4J's
 * entries as JSON in {@value #STATE_ENTRY}.
 */
public final class CheckpointIO {
    /** The zip entry holding the Trainer's state. */
    public static final String STATE_ENTRY = "sparkbolt/trainer_state.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointIO() {
    }

    /** Writes {@code model} (with its updater) and {@code state} to {@code path}, atomically. */
    public static void write(Path path, Model model, Map<String, Object> state) {
        try {
            ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
            ModelSerializer.writeModel(model, dl4j, true);
            byte[] stateJson = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(state);
            Storage.writeAtomically(path, out -> {
                ZipOutputStream zip = new ZipOutputStream(out);
                copyEntries(new ByteArrayInputStream(dl4j.toByteArray()), zip);
                zip.putNextEntry(new ZipEntry(STATE_ENTRY));
                zip.write(stateJson);
                zip.closeEntry();
                zip.finish();
            });
        } catch (IOException e) {
            throw new SparkboltException("cannot write checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    /** Reads the Trainer's state from a checkpoint. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readState(Path path) {
        try (ZipInputStream zip = new ZipInputStream(Storage.open(path))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(STATE_ENTRY)) {
                    return JSON.readValue(zip.readAllBytes(), Map.class);
                }
            }
            throw new SparkboltException("checkpoint " + path + " has no " + STATE_ENTRY + ": not written by Sparkbolt");
        } catch (IOException e) {
            throw new SparkboltException("cannot read checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    private static void copyEntries(InputStream from, ZipOutputStream to) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(from)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                to.putNextEntry(new ZipEntry(entry.getName()));
                zip.transferTo(to);
                to.closeEntry();
            }
        }
    }
}

package io.sparkbolt.trainer.checkpoint;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.JsonFiles;
import io.sparkbolt.trainer.storage.Storage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Checkpoint files: the zip DL4J's {@link ModelSerializer} writes (configuration, parameters,
 * updater state), so plain DL4J restores the network, with the Trainer's state beside DL4J's
 * entries as JSON in {@value #STATE_ENTRY} (the first entry, so it can be read without the rest)
 * and a SHA-256 of every entry in {@value #CHECKSUM_ENTRY} (the last). Entries are read by name
 * into memory, never extracted to disk, and nothing in them is Java-deserialised.
 */
public final class CheckpointIO {
    /** The zip entry holding the Trainer's state. */
    public static final String STATE_ENTRY = "sparkbolt/trainer_state.json";
    /** The zip entry holding the hex SHA-256 over all other entries (names and contents, in order). */
    public static final String CHECKSUM_ENTRY = "sparkbolt/checksum.sha256";

    private static final Set<String> KNOWN_ENTRIES = Set.of(STATE_ENTRY, CHECKSUM_ENTRY, ModelSerializer.CONFIGURATION_JSON,
            ModelSerializer.COEFFICIENTS_BIN, ModelSerializer.UPDATER_BIN, ModelSerializer.NO_PARAMS_MARKER);

    private static final long INFLATION_HEADROOM = 64L << 20;
    private static final long INFLATION_RATIO = 64;

    private CheckpointIO() {
    }

    /**
     * Writes {@code model} (with its updater state unless the state is {@code weightsOnly}) and {@code state} to
     * {@code path}: atomically where the file system renames atomically, otherwise written, read
     * back and verified before it replaces an older file of that name.
     */
    public static void write(Path path, Model model, CheckpointState state) {
        boolean weightsOnly = state.weightsOnly();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(STATE_ENTRY, JsonFiles.bytes(state));
        try {
            ByteArrayOutputStream dl4j = new ByteArrayOutputStream();
            ModelSerializer.writeModel(model, dl4j, !weightsOnly);
            entries.putAll(readEntries(new ByteArrayInputStream(dl4j.toByteArray()), dl4j.size()));
        } catch (IOException e) {
            throw new SparkboltException("cannot write checkpoint " + path + ": " + e.getMessage(), e);
        }
        entries.put(CHECKSUM_ENTRY, checksum(entries).getBytes(StandardCharsets.US_ASCII));
        Storage.writeAtomically(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
            zip.finish();
        }, CheckpointIO::read); // where renames copy: verified before and after replacing the old file
    }

    /** Reads and verifies a checkpoint: a missing, truncated, corrupt or foreign file fails with one line. */
    public static Checkpoint read(Path path) {
        if (!Storage.exists(path)) {
            throw new SparkboltException("checkpoint " + path + " does not exist");
        }
        Map<String, byte[]> entries;
        byte[] file;
        try (InputStream in = Storage.open(path)) {
            file = in.readAllBytes();
            entries = readEntries(new ByteArrayInputStream(file), file.length);
        } catch (ZipException e) {
            throw new SparkboltException("checkpoint " + path + " is corrupt (" + e.getMessage() + ")", e);
        } catch (EOFException e) {
            throw new SparkboltException("checkpoint " + path + " is truncated (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new SparkboltException("checkpoint " + path + " cannot be read: " + e.getMessage(), e);
        }
        for (String name : entries.keySet()) {
            if (!KNOWN_ENTRIES.contains(name)) {
                // DL4J would Java-deserialise some entries (preprocessor.bin): only ours are accepted.
                throw new SparkboltException("checkpoint " + path + " has an entry Sparkbolt does not write: " + name);
            }
        }
        byte[] saved = entries.remove(CHECKSUM_ENTRY);
        if (!entries.containsKey(STATE_ENTRY) || saved == null) {
            throw new SparkboltException("checkpoint " + path + " is truncated or was not written by Sparkbolt (no "
                    + (saved == null ? CHECKSUM_ENTRY : STATE_ENTRY) + " entry)");
        }
        if (!checksum(entries).equals(new String(saved, StandardCharsets.US_ASCII))) {
            throw new SparkboltException("checkpoint " + path + " is corrupt: its SHA-256 checksum does not match its contents");
        }
        CheckpointState state = JsonFiles.parse(entries.get(STATE_ENTRY), CheckpointState.class, path + "!" + STATE_ENTRY);
        return new Checkpoint(path, state, file, entries.containsKey(ModelSerializer.UPDATER_BIN));
    }

    /**
     * Only the Trainer's state, read from the first entry without the rest of the file: what
     * finding the latest checkpoint in a directory needs. Not verified.
     */
    public static CheckpointState readState(Path path) {
        try (ZipInputStream zip = new ZipInputStream(Storage.open(path))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals(STATE_ENTRY)) {
                    return JsonFiles.parse(readBounded(zip, STATE_ENTRY, INFLATION_HEADROOM), CheckpointState.class, path + "!" + STATE_ENTRY);
                }
            }
            throw new SparkboltException("checkpoint " + path + " has no " + STATE_ENTRY + ": not written by Sparkbolt");
        } catch (IOException e) {
            throw new SparkboltException("checkpoint " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The entries of a zip by name; a name seen twice is refused (a crafted file could hide data
     * behind it), and so is a file whose entries inflate to more than {@link #inflatedLimit} (a zip
     * bomb would otherwise take all memory).
     */
    private static Map<String, byte[]> readEntries(InputStream from, long fileBytes) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        long budget = inflatedLimit(fileBytes);
        try (ZipInputStream zip = new ZipInputStream(from)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                byte[] bytes = readBounded(zip, entry.getName(), budget);
                budget -= bytes.length;
                if (entries.put(entry.getName(), bytes) != null) {
                    throw new ZipException("entry " + entry.getName() + " appears twice");
                }
            }
        }
        return entries;
    }

    /**
     * How many bytes a checkpoint of {@code fileBytes} may inflate to: DL4J's parameters and updater
     * state barely compress (about 1.1:1) and the JSON entries are small, so 64 times the file plus
     * 64 MiB leaves wide room for any real checkpoint and none for a zip bomb (deflate reaches 1000:1).
     */
    static long inflatedLimit(long fileBytes) {
        return INFLATION_HEADROOM + INFLATION_RATIO * fileBytes;
    }

    private static byte[] readBounded(InputStream zip, String name, long limit) throws IOException {
        byte[] bytes = zip.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limit + 1));
        if (bytes.length > limit) {
            throw new ZipException("entry " + name + " inflates to more than " + limit + " bytes, far beyond any checkpoint's");
        }
        return bytes;
    }

    private static String checksum(Map<String, byte[]> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                sha.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(ByteBuffer.allocate(Long.BYTES).putLong(entry.getValue().length).array());
                sha.update(entry.getValue());
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

package io.sparkbolt.trainer.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkbolt.trainer.api.SparkboltException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/** Small JSON documents (states, statistics) on any Hadoop file system, written atomically. */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /** {@code value} as indented JSON bytes. */
    public static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new SparkboltException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Writes {@code value} as JSON to {@code path}, replacing it atomically. */
    public static void write(Path path, Object value) {
        Storage.writeAtomically(path, bytes(value));
    }

    /** Reads a JSON object from {@code path}; a missing file or bad JSON fails with one line. */
    public static Map<String, Object> read(Path path) {
        if (!Storage.exists(path)) {
            throw new SparkboltException(path + " does not exist");
        }
        try (InputStream in = Storage.open(path)) {
            return parse(in.readAllBytes(), path.toString());
        } catch (IOException e) {
            throw new SparkboltException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a JSON document into a {@code type} (a record, say); {@code source} names it in the
     * error, which says where the document does not fit the type.
     */
    public static <T> T parse(byte[] json, Class<T> type, String source) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            String where = e instanceof JsonMappingException mapping ? location(mapping.getPath()) : "";
            throw new SparkboltException(source + " is not a valid " + type.getSimpleName() + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SparkboltException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }

    /** Where in the document a mapping failed, as {@code " at progress.epoch"}, or nothing at its root. */
    private static String location(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                out.append('[').append(step.getIndex()).append(']');
            }
        }
        return out.length() == 0 ? "" : " at " + out;
    }

    /** Parses a JSON object; {@code source} names it in the error. */
    public static Map<String, Object> parse(byte[] json, String source) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new SparkboltException(source + " is not a JSON object: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SparkboltException("cannot read " + source + ": " + e.getMessage(), e);
        }
    }
}

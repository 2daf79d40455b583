package io.sparkbolt.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sparkbolt.trainer.storage.Secrets;
import java.util.Map;

/** {@link Secrets} over the command line's JSON and YAML documents: configs and Databricks requests. */
public final class SecretMasking {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SecretMasking() {
    }

    /**
     * A copy of {@code tree} in which every scalar under a secret key reads {@link Secrets#MASK}, and
     * every text has the secrets inside it masked ({@link Secrets#maskText}: URL passwords, secret parameters, assignments).
     */
    public static JsonNode masked(JsonNode tree) {
        JsonNode copy = tree.deepCopy();
        mask(copy);
        return copy;
    }

    /** A JSON document with its secrets masked (what is printed; the real one is what is sent). */
    public static String maskedJson(String json) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(masked(JSON.readTree(json)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
                JsonNode value = field.getValue();
                if (value.isValueNode() && !value.isNull() && Secrets.isSecretKey(field.getKey())
                        && !Secrets.isSecretReference(value.asText())) {
                    field.setValue(TextNode.valueOf(Secrets.MASK));
                } else if (value.isTextual()) {
                    field.setValue(TextNode.valueOf(Secrets.maskText(value.asText())));
                } else {
                    mask(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual()) {
                    array.set(i, TextNode.valueOf(Secrets.maskText(array.get(i).asText())));
                } else {
                    mask(array.get(i));
                }
            }
        }
    }
}

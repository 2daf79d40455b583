package io.sparkbolt.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkbolt.trainer.checkpoint.Provenance;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tags Sparkbolt puts on a run: its version, and from the resolved config the strategy and
 * the seed, so runs can be told apart in the MLflow UI.
 */
final class RunTags {
    static final String VERSION = "sparkbolt.version";
    static final String STRATEGY = "sparkbolt.strategy";
    static final String SEED = "sparkbolt.seed";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private RunTags() {
    }

    /** The Sparkbolt version tag. */
    static Map<String, String> version() {
        Map<String, String> tags = new LinkedHashMap<>();
        Object version = Provenance.versions().get("sparkbolt");
        if (version != null) {
            tags.put(VERSION, String.valueOf(version));
        }
        return tags;
    }

    /** The strategy's name and the seed of a resolved config (YAML); what it lacks is left out. */
    static Map<String, String> ofConfig(String yaml) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            return tags;
        }
        if (root == null) {
            return tags;
        }
        JsonNode strategy = root.path("trainer").path("strategy");
        if (strategy.isTextual()) {
            tags.put(STRATEGY, strategy.asText());
        } else if (strategy.path("name").isTextual()) {
            tags.put(STRATEGY, strategy.path("name").asText());
        }
        if (root.path("seed").isValueNode()) {
            tags.put(SEED, root.path("seed").asText());
        }
        return tags;
    }
}

package io.sparkbolt.trainer.loggers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/** {@code hparams.yaml} in a version directory, as Lightning's CSV and TensorBoard loggers both write it. */
final class HparamsFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private HparamsFile() {
    }

    static void write(Path versionDir, Map<String, Object> hparams) {
        try {
            Storage.writeAtomically(Storage.resolve(versionDir, "hparams.yaml"), YAML.writeValueAsBytes(hparams));
        } catch (IOException e) {
            throw new SparkboltException("cannot write hparams.yaml: " + e.getMessage(), e);
        }
    }
}

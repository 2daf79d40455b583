package io.sparkbolt.submit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README stays true to the code: its flag table lists every trainer flag, and its YAML example loads. */
class ReadmeTest {
    private static final Path README = Path.of("../README.md");

    @Test
    void everyTrainerFlagIsInTheReadmeTable() throws Exception {
        String readme = Files.readString(README);
        for (TrainerFlag flag : TrainerFlag.ALL) {
            assertTrue(readme.contains("| " + flag.name() + " | "), "README lacks flag " + flag.name());
        }
    }

    @Test
    void everyReadmeYamlExampleBuildsItsModelDataAndTrainer(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        int examples = 0;
        for (int start = readme.indexOf("```yaml\n"); start >= 0; start = readme.indexOf("```yaml\n", start + 1)) {
            int body = start + "```yaml\n".length();
            String yaml = readme.substring(body, readme.indexOf("```", body));
            Path file = dir.resolve("readme" + examples++ + ".yaml");
            Files.writeString(file, yaml.replace("data/mnist", Path.of("../data/mnist").toAbsolutePath().toString()));
            RunConfig config = RunConfig.load(java.util.List.of(file.toString()), java.util.Map.of(), java.util.List.of());
            assertTrue(config.trainer().settings().maxEpochs() > 0, file.toString());
            assertTrue(config.model().hparams().asMap().containsKey("dropout"), file.toString());
            assertTrue(config.data().batchSize() == 64, file.toString());
        }
        assertTrue(examples >= 2, "found " + examples + " YAML examples");
    }
}

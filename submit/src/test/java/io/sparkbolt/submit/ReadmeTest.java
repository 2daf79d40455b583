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
    void theReadmeYamlExampleBuildsItsTrainer(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        String yaml = readme.substring(start, readme.indexOf("```", start));
        Path file = dir.resolve("readme.yaml");
        Files.writeString(file, yaml.replace("data/mnist", Path.of("../data/mnist").toAbsolutePath().toString()));
        RunConfig config = RunConfig.load(file.toString(), java.util.Map.of());
        assertTrue(config.trainer().settings().maxEpochs() == 5);
        assertTrue(config.model().hparams().asMap().containsKey("dropout"));
        assertTrue(config.data().batchSize() == 64);
    }
}

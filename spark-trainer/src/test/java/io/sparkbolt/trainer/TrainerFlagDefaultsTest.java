package io.sparkbolt.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Every setting has one definition: a builder left alone holds exactly the defaults
 * {@link TrainerFlag#ALL} states (what YAML, {@code flags} and the docs show), and applying a
 * default explicitly changes nothing.
 */
class TrainerFlagDefaultsTest {

    @Test
    void aFreshBuilderHoldsTheDefinedDefaults() {
        TrainerSettings defaults = Trainer.builder().build().settings();
        for (TrainerFlag flag : TrainerFlag.ALL) {
            JsonNode declared = TrainerFlag.value(flag.defaultValue());
            Object actual = flag.read().apply(defaults);
            if (declared.isNull()) {
                continue; // unset: its meaning is in the description (maxEpochs: 1000, or none with maxSteps)
            }
            assertEquals(declared.asText(), String.valueOf(actual), flag.name() + ": the builder's default is the defined one");
        }
    }

    @Test
    void applyingEachDefaultExplicitlyChangesNothing() {
        TrainerSettings defaults = Trainer.builder().build().settings();
        for (TrainerFlag flag : TrainerFlag.ALL) {
            TrainerBuilder builder = Trainer.builder();
            JsonNode declared = TrainerFlag.value(flag.defaultValue());
            if (!declared.isNull()) {
                flag.apply().accept(builder, declared);
            }
            assertEquals(String.valueOf(flag.read().apply(defaults)), String.valueOf(flag.read().apply(builder.build().settings())),
                    flag.name());
        }
    }

    @Test
    void unsetDefaultsMeanWhatTheirDescriptionsSay() {
        TrainerSettings defaults = Trainer.builder().build().settings();
        assertEquals(1000, defaults.stopping().maxEpochs(), "maxEpochs: 1000 without maxSteps");
        assertEquals(-1, Trainer.builder().maxSteps(10).build().settings().stopping().maxEpochs(), "maxEpochs: none with maxSteps");
        assertEquals(null, defaults.stopping().maxTime(), "maxTime: no limit");
    }
}

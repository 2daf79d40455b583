package io.sparkbolt.averaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkbolt.trainer.spark.SparkSettings;
import io.sparkbolt.trainer.strategy.StrategyOption;
import io.sparkbolt.trainer.strategy.StrategyProvider;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The options are defined once: the builder's defaults, the config's keys and the docs' table come from OPTIONS. */
class ParameterAveragingOptionsTest {
    @Test
    void everyBuilderOptionIsAConfigOptionAndBack() {
        TreeSet<String> setters = Arrays.stream(ParameterAveragingOptions.Builder.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && m.getReturnType() == ParameterAveragingOptions.Builder.class)
                .map(Method::getName).filter(name -> !name.equals("spark")).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<String> options = ParameterAveragingOptions.OPTIONS.stream().map(StrategyOption::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(setters, options, "a builder method without a config option, or the reverse");
    }

    @Test
    void theDefaultsAreTheDefinitionsAndAConfigWithoutOptionsGetsThem() {
        ParameterAveragingOptions built = ParameterAveraging.builder().build().options();
        ParameterAveragingOptions configured = ((ParameterAveraging) StrategyProvider.named("parameter-averaging")
                .create(Map.of(), SparkSettings.defaults())).options();
        assertEquals(built, configured);
        assertEquals(8, built.averagingFrequency());
        assertEquals(ParameterAveragingOptions.DEFAULT_CACHE_SIZE, built.cacheSize());
        assertTrue(built.averageUpdaterState() && built.shuffleShards());
    }

    @Test
    void aMisspelledOptionIsRefusedWithTheNearestName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StrategyProvider.named("parameter-averaging").create(Map.of("averagingFrequncy", 4), SparkSettings.defaults()));
        assertTrue(error.getMessage().contains("'averagingFrequncy'") && error.getMessage().contains("averagingFrequency"),
                error.getMessage());
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> StrategyProvider.named("parameter-averaging").create(Map.of("cacheSize", "many"), SparkSettings.defaults()));
        assertTrue(type.getMessage().contains("cacheSize expects an integer, got many"), type.getMessage());
    }
}

package io.sparkbolt.submit;

import io.sparkbolt.config.RunConfig;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every run command shares: the configs, the results file, the checkpoint, the seed. */
final class RunOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "YAML run config (path or Hadoop URI); repeat it to layer files, later keys win")
    List<String> configs;

    @Option(names = "--print-config", description = "print the fully resolved YAML (files, overrides) and exit")
    boolean printConfig;

    @Option(names = "--seed", paramLabel = "N", description = "the run's seed (same as the config's seed)")
    Long seed;

    @Option(names = "--results", paramLabel = "FILE",
            description = "write the final metrics to FILE as one JSON object")
    String results;

    @Option(names = "--jars", split = ",", paramLabel = "JAR",
            description = "your own classes' jars (modules, data modules, callbacks), comma-separated: on the class path here"
                    + " and shipped to the executors; " + UserClasspath.ENVIRONMENT + " adds jars or class directories")
    List<String> jars = new java.util.ArrayList<>();

    private UserClasspath userClasspath;

    @Option(names = "--ckptPath", paramLabel = "CKPT",
            description = "start from a checkpoint: a path or Hadoop URI, 'last' (fresh when none), 'last!' (must resume) or 'best' (same as the config's ckptPath)")
    String ckptPath;

    /**
     * What every run command does around its own work: with {@code --jars} and
     * {@code SPARKBOLT_CLASSPATH} on the context class loader (where the config's classes are
     * looked up and the Spark the command starts loads task classes), loads the config and, unless
     * {@code --print-config} only prints it, runs {@code body}; returns the exit status.
     */
    int execute(List<String> overrides, java.util.function.Function<RunConfig, Integer> body) {
        return userClasspath().run(() -> {
            RunConfig config = load(overrides);
            Storage.useSparkConf(config.sparkSettings().conf()); // s3a keys and endpoints, with or without a Spark context
            return printedConfig(config) ? 0 : body.apply(config);
        });
    }

    /** Prints the resolved config when {@code --print-config} was given; returns whether it did (the command then ends). */
    boolean printedConfig(RunConfig config) {
        if (printConfig) {
            System.out.print(config.resolvedYaml());
        }
        return printConfig;
    }

    /** {@code --jars} and {@code SPARKBOLT_CLASSPATH}: what a command runs with on its class path. */
    UserClasspath userClasspath() {
        if (userClasspath == null) {
            userClasspath = UserClasspath.of(jars, System.getenv(UserClasspath.ENVIRONMENT));
        }
        return userClasspath;
    }

    /**
     * The config with {@code --key.path=value} overrides (the command's unmatched arguments),
     * {@code --ckptPath} and {@code --seed} applied, and the user's jars in {@code spark.jars}.
     */
    RunConfig load(List<String> overrides) {
        Map<String, String> parsed = parseOverrides(overrides);
        if (ckptPath != null) {
            parsed.put("ckptPath", ckptPath);
        }
        if (seed != null) {
            parsed.put("seed", seed.toString());
        }
        return RunConfig.load(configs, parsed, userClasspath().sparkJars());
    }

    private static Map<String, String> parseOverrides(List<String> overrides) {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (int i = 0; i < overrides.size(); i++) {
            String arg = overrides.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new SparkboltException("unexpected argument '" + arg + "' (overrides look like --trainer.maxEpochs=10)");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                parsed.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < overrides.size() && !overrides.get(i + 1).startsWith("--")) {
                parsed.put(body, overrides.get(++i));
            } else {
                throw new SparkboltException("override --" + body + " has no value (write --" + body + "=VALUE)");
            }
        }
        return parsed;
    }
}

/**
 * The sparkbolt command line (picocli): fit, validate, test and predict from a YAML run config
 * with --key.path=value overrides, submit to a cluster, and flags. Every config key is described
 * once (io.sparkbolt.trainer.TrainerFlag, @Arg descriptions) and every error names the file and
 * line, or the override, and the key (the config itself is read by io.sparkbolt.config.RunConfig).
 * UserClasspath puts --jars and SPARKBOLT_CLASSPATH on the context class loader a command runs with.
 */
package io.sparkbolt.submit;

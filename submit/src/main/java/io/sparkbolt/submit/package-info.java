/**
 * The sparkbolt command line (picocli): fit, validate and test from a YAML run config with
 * --key.path=value overrides. Every config key is described once (TrainerFlag, @Arg descriptions)
 * and every error names the file and line, or the override, and the key.
 */
package io.sparkbolt.submit;

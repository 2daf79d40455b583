/**
 * YAML run configs: {@link io.sparkbolt.config.RunConfig} reads one (files plus
 * {@code key.path=value} overrides), validates it key by key and builds the module, the data module
 * and the Trainer; every error names the file and line, or the override, and the key. Components
 * builds the classes a config names through their {@code @Arg} constructors, KnownClasses lists what
 * a misspelt class name may have meant, and {@link io.sparkbolt.config.SecretMasking} masks secrets
 * in what is printed or saved. Used by the command line and the Spark ML estimator.
 */
package io.sparkbolt.config;

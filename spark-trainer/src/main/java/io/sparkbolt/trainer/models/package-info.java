/**
 * Built-in LightningModules that YAML configs can name by their short class name: MlpClassifier.
 */
package io.sparkbolt.trainer.models;

/**
 * Ready DataModules. MnistDataModule reads the four MNIST idx gzip files from a directory or
 * Hadoop URI, downloads and verifies them when missing, holds out a seeded validation set and
 * reshuffles training data every epoch.
 */
package io.sparkbolt.data;

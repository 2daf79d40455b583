/**
 * Files over Hadoop FileSystem, so any path may be a Hadoop URI; writes go through a temporary
 * file renamed into place so nothing is ever half-written.
 */
package io.sparkbolt.trainer.storage;

/**
 * Files over Hadoop FileSystem, so any path may be a Hadoop URI; writes go through a temporary
 * file renamed into place so nothing is ever half-written. {@link io.sparkbolt.trainer.storage.Secrets}
 * keeps secret values (keys, passwords, tokens) out of everything written or printed.
 *
 * <p>Internal: used by the Trainer and the strategies, not an API for user code.
 */
@Internal
package io.sparkbolt.trainer.storage;

import io.sparkbolt.trainer.api.Internal;

/**
 * Predictions written where they are computed: every worker task writes its shards' part files
 * into a task-attempt directory of a Hadoop output committer and commits them; the driver sets the
 * job up, commits it (the parts move into place, {@code _SUCCESS} last) or aborts it. Nothing but
 * row counts passes through the driver, and a retried task replaces its attempt's parts instead of
 * adding to them.
 */
package io.sparkbolt.trainer.predict;

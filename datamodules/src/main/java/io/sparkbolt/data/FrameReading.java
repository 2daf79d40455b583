package io.sparkbolt.data;

import java.io.Serializable;

/**
 * Everything an executor needs to turn a shard of a file table into rows: the file format, the
 * columns, what to do with bad rows, and the seeded split of rows.
 *
 * @param format   the files' format
 * @param owner    the data module's name, for messages
 * @param columns  the feature and label columns
 * @param onBadRow fail or skip bad rows
 * @param splitter which split each row belongs to
 */
record FrameReading(TableFormat format, String owner, FrameColumns columns, BadRowPolicy onBadRow, RowSplitter splitter) implements Serializable {
}

package io.sparkbolt.data;

import java.io.Serializable;

/**
 * Everything an executor needs to turn a {@link ParquetShard} into rows: the columns, what to do with
 * bad rows, and the seeded split of rows.
 *
 * @param owner    the data module's name, for messages
 * @param columns  the feature and label columns
 * @param onBadRow fail or skip bad rows
 * @param splitter which split each row belongs to
 */
record ParquetReading(String owner, ParquetColumns columns, BadRowPolicy onBadRow, RowSplitter splitter) implements Serializable {
}

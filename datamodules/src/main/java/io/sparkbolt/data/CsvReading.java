package io.sparkbolt.data;

import java.io.Serializable;

/**
 * Everything an executor needs to turn a {@link CsvShard} into rows: the layout, the header lines
 * to skip, what to do with bad rows, and the seeded split of rows.
 *
 * @param owner     the data module's name, for messages
 * @param layout    columns and targets
 * @param skipLines header lines at the start of each file
 * @param onBadRow  fail or skip bad rows
 * @param splitter  which split each row belongs to
 */
record CsvReading(String owner, CsvLayout layout, int skipLines, BadRowPolicy onBadRow, RowSplitter splitter)
        implements Serializable {
}

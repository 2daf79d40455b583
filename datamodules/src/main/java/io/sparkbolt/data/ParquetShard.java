package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Split;

/**
 * Consecutive row groups of one Parquet file, and the split whose rows they yield.
 *
 * @param file          the file's Hadoop URI
 * @param fileKey       the file's name relative to the data set's root: what the seeded split of rows hashes
 * @param firstRowGroup index of the first row group in the file
 * @param rowGroups     row groups in this piece
 * @param firstRow      index in the file of the first row group's first row (what the split hashes with the key)
 * @param bytes         compressed bytes of the row groups
 * @param split         the split this shard yields; {@code null} while planning (every split)
 * @param rows          rows of {@code split} in this piece, known after the data pass; -1 before
 */
record ParquetShard(String file, String fileKey, int firstRowGroup, int rowGroups, long firstRow, long bytes, Split split, long rows)
        implements PlannedShard {

    @Override
    public ParquetShard of(Split newSplit, long count) {
        return new ParquetShard(file, fileKey, firstRowGroup, rowGroups, firstRow, bytes, newSplit, count);
    }

    @Override
    public long numExamples() {
        return rows;
    }

    @Override
    public String describe() {
        return file + " row groups [" + firstRowGroup + "+" + rowGroups + ")" + (split == null ? "" : " " + split.prefix());
    }
}

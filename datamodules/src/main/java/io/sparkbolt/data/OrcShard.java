package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Split;

/**
 * Consecutive stripes of one ORC file, and the split whose rows they yield.
 *
 * @param file        the file's Hadoop URI
 * @param fileKey     the file's name relative to the data set's root: what the seeded split of rows hashes
 * @param firstStripe index of the first stripe in the file
 * @param stripes     stripes in this piece
 * @param firstRow    index in the file of the first stripe's first row
 * @param offset      byte offset of the first stripe (ORC's reader selects stripes by their offset)
 * @param length      bytes from {@code offset} to the end of the last stripe
 * @param split       the split this shard yields; {@code null} while planning (every split)
 * @param rows        rows of {@code split} in this piece, known after the data pass; -1 before
 */
record OrcShard(String file, String fileKey, int firstStripe, int stripes, long firstRow, long offset, long length, Split split, long rows)
        implements PlannedShard {

    @Override
    public OrcShard of(Split newSplit, long count) {
        return new OrcShard(file, fileKey, firstStripe, stripes, firstRow, offset, length, newSplit, count);
    }

    @Override
    public long numExamples() {
        return rows;
    }

    @Override
    public String describe() {
        return file + " stripes [" + firstStripe + "+" + stripes + ")" + (split == null ? "" : " " + split.prefix());
    }
}

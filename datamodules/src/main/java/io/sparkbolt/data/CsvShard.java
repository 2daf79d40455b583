package io.sparkbolt.data;

import io.sparkbolt.trainer.api.Split;

/**
 * A byte range of one CSV file (the whole file when it is compressed), and the split whose rows it
 * yields.
 *
 * @param file      the file's Hadoop URI
 * @param fileKey   the file's name relative to the data set's root: what the seeded split of rows hashes, so
 *                  moving the data set elsewhere keeps the split
 * @param start     first byte of the range
 * @param length    bytes in the range; the line that crosses its end belongs to it
 * @param source    the split the file was given for ({@code TRAIN} for {@code path}, {@code VAL} for {@code valPath} ...)
 * @param split     the split this shard yields; {@code null} while planning (every split)
 * @param rows      rows of {@code split} in this range, known after the data pass; -1 before
 */
record CsvShard(String file, String fileKey, long start, long length, Split source, Split split, long rows) implements PlannedShard {

    @Override
    public CsvShard of(Split newSplit, long count) {
        return new CsvShard(file, fileKey, start, length, source, newSplit, count);
    }

    @Override
    public long numExamples() {
        return rows;
    }

    @Override
    public String describe() {
        return file + "[" + start + "+" + length + ")" + (split == null ? "" : " " + split.prefix());
    }
}

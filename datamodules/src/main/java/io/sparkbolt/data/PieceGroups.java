package io.sparkbolt.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive pieces of one file (Parquet row groups, ORC stripes) grouped into shards of at most
 * a target size: a group closes before the piece that would take it past the target, and every
 * group holds at least one piece.
 */
final class PieceGroups {
    private PieceGroups() {
    }

    /**
     * One group of pieces.
     *
     * @param first    index of its first piece in the file
     * @param count    pieces in it
     * @param firstRow index in the file of its first row
     * @param bytes    its pieces' bytes
     */
    record Group(int first, int count, long firstRow, long bytes) {
    }

    /** The groups of pieces of {@code bytes[i]} bytes and {@code rows[i]} rows, in order; pieces without rows are left out at the end. */
    static List<Group> of(long[] bytes, long[] rows, long targetBytes) {
        List<Group> groups = new ArrayList<>();
        int first = 0;
        long firstRow = 0;
        long row = 0;
        long size = 0;
        for (int i = 0; i <= bytes.length; i++) {
            boolean close = i == bytes.length || (i > first && size + bytes[i] > targetBytes);
            if (close && i > first && row > firstRow) {
                groups.add(new Group(first, i - first, firstRow, size));
            }
            if (close) {
                first = i;
                firstRow = row;
                size = 0;
            }
            if (i < bytes.length) {
                size += bytes[i];
                row += rows[i];
            }
        }
        return groups;
    }
}

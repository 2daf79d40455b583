package io.sparkbolt.data;

import java.util.List;

/** The file formats a frame is read from in place: how their files are cut into shards, and how a shard's rows are read. */
enum TableFormat {
    /** Apache Parquet: shards of row groups, read with parquet-hadoop. */
    PARQUET {
        @Override
        List<? extends PlannedShard> plan(String owner, List<String> files, FrameColumns columns, int parallelism, long maxShardBytes) {
            return ParquetFiles.plan(owner, files, columns, parallelism, maxShardBytes);
        }

        @Override
        RowReader rows(PlannedShard shard, FrameReading reading) {
            return new ParquetRows((ParquetShard) shard, reading);
        }
    },
    /** Apache ORC: shards of stripes, read with orc-core. */
    ORC {
        @Override
        List<? extends PlannedShard> plan(String owner, List<String> files, FrameColumns columns, int parallelism, long maxShardBytes) {
            return OrcFiles.plan(owner, files, columns, parallelism, maxShardBytes);
        }

        @Override
        RowReader rows(PlannedShard shard, FrameReading reading) {
            return new OrcRows((OrcShard) shard, reading);
        }
    };

    /**
     * Shards over {@code files}, in file order: consecutive pieces of one file, about an equal share
     * of the bytes per worker and at most {@code maxShardBytes}, after checking every file has the columns.
     *
     * @throws MissingColumnException when a file lacks one of the columns
     */
    abstract List<? extends PlannedShard> plan(String owner, List<String> files, FrameColumns columns, int parallelism, long maxShardBytes);

    /** The rows of {@code shard}, read where the shard is read. */
    abstract RowReader rows(PlannedShard shard, FrameReading reading);
}

package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The pieces of a Parquet data set: its files' row groups, read from their footers (metadata only),
 * grouped into shards of consecutive row groups. A row group is the smallest piece Parquet can read
 * alone, so a data set has at most as many shards as row groups.
 */
final class ParquetFiles {
    private ParquetFiles() {
    }

    /**
     * Plans shards over {@code files}, in file order: consecutive row groups of one file, about an
     * equal share of the compressed bytes per worker ({@code parallelism}) and at most
     * {@code maxShardBytes}, after checking that every file has the columns {@code columns} reads.
     *
     * @throws MissingColumnException when a file lacks one of the columns
     */
    static List<ParquetShard> plan(String owner, List<String> files, FrameColumns columns, int parallelism, long maxShardBytes) {
        List<ParquetMetadata> footers = new ArrayList<>();
        long total = 0;
        for (String file : files) {
            ParquetMetadata footer = footer(owner, file);
            ParquetRows.project(footer.getFileMetaData().getSchema(), columns.names(), file);
            footers.add(footer);
            total += footer.getBlocks().stream().mapToLong(BlockMetaData::getCompressedSize).sum();
        }
        long targetBytes = Math.min(maxShardBytes, Math.max(1, total / Math.max(1, parallelism) + 1));
        String root = TableFormat.commonParent(files);
        List<ParquetShard> shards = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            String file = files.get(f);
            String key = file.substring(root.length());
            List<BlockMetaData> groups = footers.get(f).getBlocks();
            long row = 0;
            int first = 0;
            long firstRow = 0;
            long bytes = 0;
            for (int i = 0; i < groups.size(); i++) {
                BlockMetaData group = groups.get(i);
                if (i > first && bytes + group.getCompressedSize() > targetBytes) {
                    shards.add(new ParquetShard(file, key, first, i - first, firstRow, bytes, null, -1));
                    first = i;
                    firstRow = row;
                    bytes = 0;
                }
                bytes += group.getCompressedSize();
                row += group.getRowCount();
            }
            if (row > 0) {
                shards.add(new ParquetShard(file, key, first, groups.size() - first, firstRow, bytes, null, -1));
            }
        }
        return shards;
    }

    private static ParquetMetadata footer(String owner, String file) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file), Storage.configuration()))) {
            return reader.getFooter();
        } catch (IOException | RuntimeException e) {
            throw new SparkboltException(owner + ": cannot read the footer of Parquet file " + file + ": " + e.getMessage(), e);
        }
    }
}

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
        String root = FileKeys.commonParent(files);
        List<ParquetShard> shards = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            String file = files.get(f);
            List<BlockMetaData> blocks = footers.get(f).getBlocks();
            long[] bytes = blocks.stream().mapToLong(BlockMetaData::getCompressedSize).toArray();
            long[] rows = blocks.stream().mapToLong(BlockMetaData::getRowCount).toArray();
            for (PieceGroups.Group group : PieceGroups.of(bytes, rows, targetBytes)) {
                shards.add(new ParquetShard(file, file.substring(root.length()), group.first(), group.count(), group.firstRow(),
                        group.bytes(), null, -1));
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

package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.orc.OrcFile;
import org.apache.orc.Reader;
import org.apache.orc.StripeInformation;
import org.apache.orc.TypeDescription;

/**
 * The pieces of an ORC data set: its files' stripes, read from their footers (metadata only),
 * grouped into shards of consecutive stripes, ORC's smallest piece that can be read alone.
 */
final class OrcFiles {
    private OrcFiles() {
    }

    /** As {@link TableFormat#plan}: stripes grouped to about an equal share of the bytes per worker. */
    static List<OrcShard> plan(String owner, List<String> files, FrameColumns columns, int parallelism, long maxShardBytes) {
        List<List<StripeInformation>> stripes = new ArrayList<>();
        long total = 0;
        for (String file : files) {
            try (Reader reader = open(owner, file)) {
                OrcRows.fieldIndexes(reader.getSchema(), columns.names(), file);
                stripes.add(reader.getStripes());
                total += reader.getStripes().stream().mapToLong(StripeInformation::getLength).sum();
            } catch (IOException e) {
                throw new SparkboltException(owner + ": cannot read ORC file " + file + ": " + e.getMessage(), e);
            }
        }
        long targetBytes = Math.min(maxShardBytes, Math.max(1, total / Math.max(1, parallelism) + 1));
        String root = FileKeys.commonParent(files);
        List<OrcShard> shards = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            String file = files.get(f);
            List<StripeInformation> list = stripes.get(f);
            long[] bytes = list.stream().mapToLong(StripeInformation::getLength).toArray();
            long[] rows = list.stream().mapToLong(StripeInformation::getNumberOfRows).toArray();
            for (PieceGroups.Group group : PieceGroups.of(bytes, rows, targetBytes)) {
                StripeInformation start = list.get(group.first());
                StripeInformation end = list.get(group.first() + group.count() - 1);
                shards.add(new OrcShard(file, file.substring(root.length()), group.first(), group.count(), group.firstRow(),
                        start.getOffset(), end.getOffset() + end.getLength() - start.getOffset(), null, -1));
            }
        }
        return shards;
    }

    static Reader open(String owner, String file) {
        try {
            return OrcFile.createReader(new Path(file), OrcFile.readerOptions(Storage.configuration()));
        } catch (IOException | RuntimeException e) {
            throw new SparkboltException(owner + ": cannot read the footer of ORC file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Which columns of {@code schema} to read: the root and every column id under the named top-level fields. */
    static boolean[] include(TypeDescription schema, int[] fields) {
        boolean[] include = new boolean[schema.getMaximumId() + 1];
        include[0] = true;
        for (int field : fields) {
            TypeDescription child = schema.getChildren().get(field);
            for (int id = child.getId(); id <= child.getMaximumId(); id++) {
                include[id] = true;
            }
        }
        return include;
    }
}

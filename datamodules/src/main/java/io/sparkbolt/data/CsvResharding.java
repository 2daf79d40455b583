package io.sparkbolt.data;

import io.sparkbolt.trainer.api.DataContext;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.storage.Storage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts compressed CSV files, which can only be read whole, into plain part files that can be read
 * in byte ranges, when they give fewer pieces than there are workers (one {@code .gz} for two
 * workers would leave one idle every round). One pass, where the strategy reads data: each
 * compressed file's lines are dealt in turn into its parts, each part starting with the file's
 * header lines, so the parts read exactly as the file did. The parts go to the staging directory
 * under a fingerprint of the file (its name, size and modification time) and the number of parts;
 * a later fit over the same file reuses them.
 */
final class CsvResharding {
    private static final Logger LOG = LoggerFactory.getLogger(CsvResharding.class);

    private CsvResharding() {
    }

    /**
     * The planned shards with each whole compressed file replaced by plain parts, enough of them
     * that there are at least {@code workers} pieces; the parts of file {@code f} are planned as
     * {@code planAgain} plans files.
     */
    static List<CsvShard> reshard(String owner, DataContext context, List<CsvShard> planned, int workers, int skipLines,
                                  String stagingDir, PartPlanner planAgain) {
        CompressionCodecFactory codecs = new CompressionCodecFactory(Storage.configuration());
        List<CsvShard> whole = planned.stream().filter(shard -> isWholeCompressed(shard, codecs)).toList();
        int others = planned.size() - whole.size();
        int partsPerFile = Math.max(2, (workers - others + whole.size() - 1) / whole.size());
        Path root = StagingDirs.root(owner, stagingDir);
        List<Target> targets = new ArrayList<>();
        for (CsvShard shard : whole) {
            targets.add(new Target(shard, new Path(root, "csv-" + fingerprint(shard, partsPerFile, skipLines)).toString()));
        }
        long start = System.nanoTime();
        List<Target> toWrite = targets.stream().filter(target -> !StagingDirs.finished(new Path(target.dir()))).toList();
        if (!toWrite.isEmpty()) {
            List<CsvShard> sources = toWrite.stream().map(Target::shard).toList();
            List<String> dirs = toWrite.stream().map(Target::dir).toList();
            context.mapShards(sources, (shard, index) -> write((CsvShard) shard, dirs.get(index), partsPerFile, skipLines));
            LOG.info("{}: cut {} compressed file(s) into {} plain parts each in {} s (fewer pieces than the {} workers)", owner,
                    toWrite.size(), partsPerFile, String.format("%.1f", (System.nanoTime() - start) / 1e9), workers);
        }
        List<CsvShard> result = new ArrayList<>();
        for (CsvShard shard : planned) {
            if (!isWholeCompressed(shard, codecs)) {
                result.add(shard);
                continue;
            }
            Target target = targets.stream().filter(t -> t.shard().equals(shard)).findFirst().orElseThrow();
            result.addAll(planAgain.plan(target.dir(), shard.source()));
        }
        return result;
    }

    /** Plans the plain parts in a directory as shards of {@code source}. */
    @FunctionalInterface
    interface PartPlanner {
        List<CsvShard> plan(String dir, Split source);
    }

    private record Target(CsvShard shard, String dir) implements Serializable {
    }

    /** Whether any of {@code planned} is a whole compressed file, which re-sharding can cut into parts. */
    static boolean cuts(List<CsvShard> planned) {
        CompressionCodecFactory codecs = new CompressionCodecFactory(Storage.configuration());
        return planned.stream().anyMatch(shard -> isWholeCompressed(shard, codecs));
    }

    private static boolean isWholeCompressed(CsvShard shard, CompressionCodecFactory codecs) {
        return shard.start() == 0 && codecs.getCodec(new Path(shard.file())) != null;
    }

    private static String fingerprint(CsvShard shard, int parts, int skipLines) {
        Path file = new Path(shard.file());
        try {
            FileStatus status = Storage.fileSystem(file).getFileStatus(file);
            return StagingDirs.fingerprint(shard.file() + ' ' + status.getLen() + ' ' + status.getModificationTime() + " parts=" + parts
                    + " skipLines=" + skipLines);
        } catch (IOException e) {
            throw new SparkboltException("cannot read the status of " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs where the data is read: deals the file's lines into {@code parts} plain files, then marks the directory finished. */
    private static Integer write(CsvShard shard, String dir, int parts, int skipLines) {
        Path target = new Path(dir);
        FileSystem fs = Storage.fileSystem(target);
        String base = new Path(shard.file()).getName().replaceAll("\\.[^.]+$", "");
        List<BufferedWriter> writers = new ArrayList<>();
        List<String> header = new ArrayList<>();
        try {
            fs.delete(target, true); // what an interrupted earlier attempt left
            for (int p = 0; p < parts; p++) {
                writers.add(new BufferedWriter(new OutputStreamWriter(fs.create(new Path(target, String.format("%s.part-%05d.csv", base, p))),
                        StandardCharsets.UTF_8)));
            }
            try (CsvLines lines = new CsvLines(shard.of(null, -1), 0)) {
                long line = 0;
                while (lines.next()) {
                    if (header.size() < skipLines) {
                        header.add(lines.text());
                        if (header.size() == skipLines) {
                            for (BufferedWriter writer : writers) {
                                writeLines(writer, header);
                            }
                        }
                        continue;
                    }
                    BufferedWriter writer = writers.get((int) (line++ % parts));
                    writer.write(lines.text());
                    writer.write('\n');
                }
            }
            for (BufferedWriter writer : writers) {
                writer.close();
            }
            fs.create(new Path(target, StagingDirs.SUCCESS)).close();
            return parts;
        } catch (IOException e) {
            throw new SparkboltException("cannot cut " + shard.file() + " into parts in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeLines(BufferedWriter writer, List<String> lines) throws IOException {
        for (String line : lines) {
            writer.write(line);
            writer.write('\n');
        }
    }
}

package io.sparkbolt.data;

import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.api.Split;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The files behind a CSV location (a file, a directory of part files, or a glob, on any Hadoop
 * file system) and their cut into shards: byte ranges of plain files, whole compressed files.
 * Reads metadata only.
 */
final class CsvFiles {
    private final String owner;
    private final String key;
    private final String location;
    private final List<FileStatus> files;

    private CsvFiles(String owner, String key, String location, List<FileStatus> files) {
        this.owner = owner;
        this.key = key;
        this.location = location;
        this.files = files;
    }

    /**
     * The data files of {@code location}, in path order; directories contribute the files directly
     * in them except hidden ones ({@code _SUCCESS}, {@code .crc}). {@code key} names the option in errors.
     */
    static CsvFiles list(String owner, String key, String location) {
        Path pattern = Storage.path(location);
        FileSystem fs = Storage.fileSystem(pattern);
        List<FileStatus> found = new ArrayList<>();
        try {
            FileStatus[] matches = fs.globStatus(pattern);
            if (matches == null || matches.length == 0) {
                throw new SparkboltException(owner + ": " + key + " " + location
                        + (isGlob(location) ? " matches no file" : " does not exist"));
            }
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    for (FileStatus child : fs.listStatus(match.getPath())) {
                        if (child.isFile() && !isHidden(child.getPath())) {
                            found.add(child);
                        }
                    }
                } else if (!isHidden(match.getPath())) {
                    found.add(match);
                }
            }
        } catch (IOException e) {
            throw new SparkboltException(owner + ": cannot list " + key + " " + location + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new SparkboltException(owner + ": " + key + " " + location + " has no data files"
                    + " (an empty directory, or only hidden files)");
        }
        found.sort(Comparator.comparing(status -> status.getPath().toString()));
        return new CsvFiles(owner, key, location, List.copyOf(found));
    }

    private static boolean isGlob(String location) {
        return location.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    private static boolean isHidden(Path path) {
        return path.getName().startsWith("_") || path.getName().startsWith(".");
    }

    /** The files in order, where the column count is read from (the first that holds a data row). */
    List<Path> paths() {
        return files.stream().map(FileStatus::getPath).toList();
    }

    long totalBytes() {
        return files.stream().mapToLong(FileStatus::getLen).sum();
    }

    /**
     * Cuts the files into shards of at most {@code targetBytes} (compressed files whole), giving
     * their rows to {@code source}.
     */
    List<CsvShard> plan(Split source, long targetBytes) {
        CompressionCodecFactory codecs = new CompressionCodecFactory(Storage.configuration());
        String root = FileKeys.commonParent(files.stream().map(status -> status.getPath().toString()).toList());
        List<CsvShard> shards = new ArrayList<>();
        for (FileStatus file : files) {
            long length = file.getLen();
            if (length == 0) {
                continue;
            }
            String uri = file.getPath().toString();
            String fileKey = uri.substring(root.length());
            if (codecs.getCodec(file.getPath()) != null) {
                shards.add(new CsvShard(uri, fileKey, 0, length, source, null, -1));
                continue;
            }
            long pieces = Math.max(1, (length + targetBytes - 1) / targetBytes);
            for (long i = 0; i < pieces; i++) {
                long start = length * i / pieces;
                long end = length * (i + 1) / pieces;
                shards.add(new CsvShard(uri, fileKey, start, end - start, source, null, -1));
            }
        }
        if (shards.isEmpty()) {
            throw new SparkboltException(owner + ": " + key + " " + location + " has only empty files");
        }
        return shards;
    }
}

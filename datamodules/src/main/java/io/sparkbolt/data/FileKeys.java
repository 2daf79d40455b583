package io.sparkbolt.data;

import java.util.List;

/**
 * The names files are known by in a data set: relative to the longest directory the files share,
 * so moving the data set elsewhere keeps every row's seeded split ({@link RowSplitter} hashes the key).
 */
final class FileKeys {
    private FileKeys() {
    }

    /** The longest directory prefix (ending in '/') shared by every file's URI. */
    static String commonParent(List<String> files) {
        String first = files.get(0);
        String prefix = first.substring(0, first.lastIndexOf('/') + 1);
        for (String file : files) {
            while (!file.startsWith(prefix)) {
                prefix = prefix.substring(0, prefix.lastIndexOf('/', prefix.length() - 2) + 1);
            }
        }
        return prefix;
    }
}

package io.sparkbolt.trainer.loggers;

import io.sparkbolt.trainer.api.Arg;
import io.sparkbolt.trainer.api.ArgDefaults;
import io.sparkbolt.trainer.api.SparkboltException;
import io.sparkbolt.trainer.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.Path;

/**
 * Lightning's CSV logger: {@code <root>/<name>/version_N/metrics.csv} (one row per logged step,
 * a column per metric, {@code step} and {@code epoch} included when logged), {@code hparams.yaml}
 * and the resolved {@code config.yaml}. Works on any Hadoop file system; the file is rewritten
 * whole on {@link #save()} because object stores cannot append. A fit resumed from a checkpoint
 * continues the checkpoint's version: the rows logged up to the checkpoint are kept, those the
 * interrupted run logged after it are dropped, so the file reads as one uninterrupted run.
 */
public final class CsvLogger implements Logger {
    private static final ArgDefaults DEFAULTS = ArgDefaults.of(CsvLogger.class);

    private final LogVersion version;
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Set<String> columns = new LinkedHashSet<>();
    private int resumedRows;
    private boolean rowsRestored;

    /** Logs under {@code <root>/sparkbolt_logs/version_N}. */
    public CsvLogger(String root) {
        this(root, DEFAULTS.get("name"), null);
    }

    /**
     * @param root    the root directory (path or Hadoop URI); {@code null}: the Trainer's {@code defaultRootDir}
     * @param name    the experiment name
     * @param version a fixed version, or {@code null} for the next free one
     */
    public CsvLogger(String root, String name, Integer version) {
        this.version = new LogVersion(root, name, version);
    }

    /** The form configs use: {@code {class: CsvLogger, args: {saveDir: logs}}}; version -1 picks the next free one. */
    public CsvLogger(@Arg(value = "saveDir", defaultValue = "''", description = "root directory (path or Hadoop URI); empty: the trainer's defaultRootDir") String saveDir,
                     @Arg(value = "name", defaultValue = "sparkbolt_logs", description = "experiment name") String name,
                     @Arg(value = "version", defaultValue = "-1", description = "fixed version number; -1: next free") int version) {
        this(saveDir, name, version < 0 ? null : version);
    }

    private Path dir() {
        Path dir = version.dir();
        if (version.isResumed() && !rowsRestored) {
            rowsRestored = true;
            keepRowsBeforeCheckpoint(dir);
        }
        return dir;
    }

    @Override
    public void useDefaultRootDir(String root) {
        version.useRootIfUnset(root);
    }

    @Override
    public String name() {
        return version.name();
    }

    @Override
    public int version() {
        dir();
        return version.number();
    }

    @Override
    public String logDir() {
        return dir().toString();
    }

    /** Reads back the first rows of the resumed version's metrics.csv, as text, so they are rewritten unchanged. */
    private void keepRowsBeforeCheckpoint(Path dir) {
        Path file = Storage.resolve(dir, "metrics.csv");
        if (!Storage.exists(file)) {
            return;
        }
        List<String> lines;
        try (var in = Storage.open(file)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new SparkboltException("cannot read " + file + " to continue it: " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            return;
        }
        String[] header = lines.get(0).split(",", -1);
        columns.addAll(List.of(header));
        for (String line : lines.subList(1, Math.min(lines.size(), resumedRows + 1))) {
            String[] cells = line.split(",", -1);
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < cells.length; i++) {
                if (!cells[i].isEmpty()) {
                    row.put(header[i], cells[i]);
                }
            }
            rows.add(row);
        }
    }

    @Override
    public java.util.Optional<Integer> fixedVersion() {
        return version.requested();
    }

    @Override
    public String experimentDir() {
        return version.experiment().toString();
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("rows", rows.size());
    }

    @Override
    public void resume(Map<String, Object> saved) {
        if (version.resume(saved)) {
            resumedRows = saved.get("rows") instanceof Number n ? n.intValue() : 0;
        }
    }

    @Override
    public void logHyperparams(Map<String, Object> hparams) {
        HparamsFile.write(dir(), hparams);
    }

    @Override
    public void logConfig(String yaml) {
        Storage.writeAtomically(Storage.resolve(dir(), "config.yaml"), yaml.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("step", step);
        row.putAll(metrics);
        columns.add("step");
        columns.addAll(metrics.keySet());
        rows.add(row);
    }

    @Override
    public void save() {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder csv = new StringBuilder(String.join(",", columns)).append('\n');
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                Object value = row.get(column);
                cells.add(value == null ? "" : value.toString());
            }
            csv.append(String.join(",", cells)).append('\n');
        }
        Storage.writeAtomically(Storage.resolve(dir(), "metrics.csv"), csv.toString().getBytes(StandardCharsets.UTF_8));
    }
}

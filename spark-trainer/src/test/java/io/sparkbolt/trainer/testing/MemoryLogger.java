package io.sparkbolt.trainer.testing;

import io.sparkbolt.trainer.loggers.Logger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A logger that keeps everything in memory, for assertions. Like the CSV logger, a resumed fit
 * continues it from the checkpoint's row: the rows logged after the checkpoint are dropped.
 */
public final class MemoryLogger implements Logger {
    private final List<Row> rows = new ArrayList<>();
    private Map<String, Object> hparams = Map.of();
    private String status;

    /** One logMetrics call. */
    public record Row(long step, Map<String, Double> metrics) {
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int version() {
        return 0;
    }

    @Override
    public String logDir() {
        return null;
    }

    @Override
    public void logHyperparams(Map<String, Object> values) {
        hparams = new LinkedHashMap<>(values);
    }

    @Override
    public void logMetrics(Map<String, Double> metrics, long step) {
        rows.add(new Row(step, new LinkedHashMap<>(metrics)));
    }

    @Override
    public Map<String, Object> state() {
        return Map.of("rows", rows.size());
    }

    @Override
    public void resume(Map<String, Object> saved) {
        int keep = ((Number) saved.get("rows")).intValue();
        rows.subList(Math.min(keep, rows.size()), rows.size()).clear();
    }

    @Override
    public void finish(String finalStatus) {
        status = finalStatus;
    }

    public List<Row> rows() {
        return rows;
    }

    public Map<String, Object> hparams() {
        return hparams;
    }

    public String status() {
        return status;
    }
}

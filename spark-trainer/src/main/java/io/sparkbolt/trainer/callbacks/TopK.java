package io.sparkbolt.trainer.callbacks;

import io.sparkbolt.trainer.checkpoint.StateValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoints a {@link ModelCheckpoint} keeps, with their monitored scores (NaN without a
 * monitor), in the order they were saved; ties rank the earlier one first, as Lightning's
 * {@code min}/{@code max} over its dictionary do.
 */
final class TopK {
    private final MonitorMode mode;
    private final Map<String, Double> models = new LinkedHashMap<>();
    private String latest = "";

    TopK(MonitorMode mode) {
        this.mode = mode;
    }

    void put(String path, double score) {
        models.put(path, score);
        latest = path;
    }

    void remove(String path) {
        models.remove(path);
    }

    boolean contains(String path) {
        return models.containsKey(path);
    }

    int size() {
        return models.size();
    }

    /** Whether {@code score} beats the worst kept one (strictly, as Lightning's {@code torch.lt}/{@code gt}). */
    boolean isBetterThanWorst(double score) {
        String worst = worstPath();
        return worst.isEmpty() || mode.improves(score, models.get(worst), 0);
    }

    /** Removes the worst-ranked checkpoint and returns its path. */
    String removeWorst() {
        String worst = worstPath();
        models.remove(worst);
        return worst;
    }

    /** The best-ranked path; without scores, the latest saved; empty when none. */
    String bestPath() {
        String best = "";
        for (Map.Entry<String, Double> entry : models.entrySet()) {
            if (!Double.isNaN(entry.getValue()) && (best.isEmpty() || mode.improves(entry.getValue(), models.get(best), 0))) {
                best = entry.getKey();
            }
        }
        return best.isEmpty() && models.containsKey(latest) ? latest : best;
    }

    double bestScore() {
        String best = bestPath();
        return best.isEmpty() ? Double.NaN : models.get(best);
    }

    /** The k-th best (worst kept) path; empty when none. */
    String worstPath() {
        String worst = "";
        for (Map.Entry<String, Double> entry : models.entrySet()) {
            if (worst.isEmpty() || mode.improves(models.get(worst), entry.getValue(), 0)) {
                worst = entry.getKey();
            }
        }
        return worst;
    }

    /** The path saved last, or empty. */
    String latestPath() {
        return latest;
    }

    Map<String, Double> asMap() {
        return Collections.unmodifiableMap(models);
    }

    Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        models.forEach((path, score) -> state.put(path, StateValues.encode(score)));
        return state;
    }

    void load(Map<String, Object> saved, String savedLatest) {
        models.clear();
        saved.forEach((path, score) -> models.put(path, StateValues.decode(score)));
        latest = savedLatest == null ? "" : savedLatest;
    }
}

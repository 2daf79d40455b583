package io.sparkbolt.trainer.callbacks;

import java.util.EnumMap;
import java.util.Map;

/** Total time and number of calls per hook, as Lightning's simple profiler reports them. */
public final class HookTimings {
    private final Map<Hook, long[]> totals = new EnumMap<>(Hook.class);

    /** Empty timings. */
    public HookTimings() {
    }

    void record(Hook hook, long nanos) {
        long[] entry = totals.computeIfAbsent(hook, h -> new long[2]);
        entry[0] += nanos;
        entry[1]++;
    }

    /** Calls of {@code hook} so far. */
    public long calls(Hook hook) {
        long[] entry = totals.get(hook);
        return entry == null ? 0 : entry[1];
    }

    /** Total seconds spent in {@code hook} (callbacks and module together). */
    public double seconds(Hook hook) {
        long[] entry = totals.get(hook);
        return entry == null ? 0 : entry[0] / 1e9;
    }

    /** A table of the hooks called, slowest first. */
    public String table() {
        StringBuilder out = new StringBuilder(String.format("%-28s %8s %10s%n", "hook", "calls", "total s"));
        totals.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.append(String.format("%-28s %8d %10.3f%n",
                        e.getKey().lightningName(), e.getValue()[1], e.getValue()[0] / 1e9)));
        return out.toString();
    }
}

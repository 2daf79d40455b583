package io.sparkbolt.ddp;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The rings an executor JVM keeps between segments, by fit (its secret) and worker, so a segment
 * whose tasks land where the last one's did reconnects nothing and skips the rendezvous (Spark's
 * barrier RPC takes about a second). A ring is only kept after a segment that ended well, taken
 * out by the next, and closed when another fit starts here or the fit ends.
 */
final class RingCache {
    private static final Map<Key, Ring> RINGS = new HashMap<>();

    private RingCache() {
    }

    /** A fit (its secret's identity) and a worker. */
    record Key(String fit, int worker) {
    }

    /** The ring kept for {@code key}, removed from the cache; null when none. */
    static synchronized Ring take(Key key) {
        return RINGS.remove(key);
    }

    /** Keeps {@code ring} for the next segment; rings of other fits are closed (one ddp fit at a time per executor). */
    static synchronized void keep(Key key, Ring ring) {
        for (Iterator<Map.Entry<Key, Ring>> entries = RINGS.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<Key, Ring> entry = entries.next();
            if (!entry.getKey().fit().equals(key.fit())) {
                entry.getValue().close();
                entries.remove();
            }
        }
        Ring previous = RINGS.put(key, ring);
        if (previous != null && previous != ring) {
            previous.close();
        }
    }

    /** Closes every ring kept for {@code fit}. */
    static synchronized void release(String fit) {
        for (Iterator<Map.Entry<Key, Ring>> entries = RINGS.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<Key, Ring> entry = entries.next();
            if (entry.getKey().fit().equals(fit)) {
                entry.getValue().close();
                entries.remove();
            }
        }
    }
}

package dev.weft.overlay;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Message ids seen recently (broadcast dedup and route-query loop prevention): kept {@link
 * OverlayConstants#SEEN_TTL_MS}, at most {@link OverlayConstants#SEEN_MAX}, oldest forgotten first.
 */
final class SeenIds {
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private final long ttlMs;
    private final int max;

    SeenIds(long ttlMs, int max) {
        this.ttlMs = ttlMs;
        this.max = max;
    }

    /** Records {@code id}; false if it was already seen (and not expired). */
    boolean add(String id, long now) {
        expire(now);
        if (seen.containsKey(id)) {
            return false;
        }
        seen.put(id, now);
        if (seen.size() > max) {
            Iterator<String> it = seen.keySet().iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    boolean contains(String id, long now) {
        expire(now);
        return seen.containsKey(id);
    }

    private void expire(long now) {
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (now - it.next().getValue() < ttlMs) {
                return;
            }
            it.remove();
        }
    }

    int size() {
        return seen.size();
    }
}

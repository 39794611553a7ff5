package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records a DHT member stores (docs/overlay.md, "DHT"): group advertisements, signed by their peer, one per
 * peer per key, at most {@link #MAX_PER_KEY} per key (the latest expiries kept), dropped when they expire.
 */
final class DhtRecords {
    static final long LIFETIME_MS = 5 * 60_000;
    static final long SKEW_MS = 30_000;
    static final int MAX_PER_KEY = 64;
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    static final int MAX_RECORD_BYTES = 2048;
    static final int MAX_KEYS = 10_000;

    private final Map<String, LinkedHashMap<String, ObjectNode>> byKey = new HashMap<>();
    private int count;

    /** Why {@code rec} may not be stored under {@code key} at {@code now} (Unix ms), or null if it may. */
    static String problem(String key, JsonNode rec, long now) {
        if (rec == null || !rec.isObject()) {
            return "a record is an object";
        }
        if (rec.toString().length() > MAX_RECORD_BYTES) {
            return "a record is at most " + MAX_RECORD_BYTES + " bytes";
        }
        String peer = rec.path("peer").textValue();
        String group = rec.path("group").textValue();
        if (!Identity.isValidId(peer)) {
            return "rec.peer must be a peer id";
        }
        if (PeerKind.of(rec.path("kind").textValue()) == null) {
            return "rec.kind must be node, browser or client";
        }
        JsonNode url = rec.get("url");
        if (url != null && !(url.isTextual() && EnvelopeCodec.isValidUrl(url.textValue()))) {
            return "rec.url must be a ws:// URL";
        }
        if (!EnvelopeCodec.isValidGroup(group) || "/".equals(group)
                || !HexFormat.of().formatHex(Identity.groupKey(group)).equals(key)) {
            return "rec.group must be the group whose key the record is stored under";
        }
        JsonNode via = rec.get("via");
        if (via == null || !via.isArray() || via.size() > 4) {
            return "rec.via must list at most 4 nodes";
        }
        for (JsonNode v : via) {
            if (!v.isObject() || !Identity.isValidId(v.path("id").textValue()) || !EnvelopeCodec.isValidUrl(v.path("url").textValue())) {
                return "rec.via[] must be {id, url} of nodes";
            }
        }
        JsonNode exp = rec.get("exp");
        if (exp == null || !exp.isNumber() || exp.asLong() <= now || exp.asLong() > now + LIFETIME_MS + SKEW_MS) {
            return "rec.exp must be in the future and at most " + (LIFETIME_MS / 60_000) + " min ahead";
        }
        JsonNode sig = rec.get("sig");
        if (sig == null || !sig.isTextual() || !Identity.verify(peer, Signatures.recordText((ObjectNode) rec), sig.textValue())) {
            return "rec.sig does not verify with the key of rec.peer";
        }
        return null;
    }

    /** Stores a checked record; returns false if the store is full. */
    boolean put(String key, ObjectNode rec, long now) {
        LinkedHashMap<String, ObjectNode> m = byKey.get(key);
        if (m == null) {
            if (byKey.size() >= MAX_KEYS) {
                expire(now);
                if (byKey.size() >= MAX_KEYS) {
                    return false;
                }
            }
            m = new LinkedHashMap<>();
            byKey.put(key, m);
        }
        String peer = rec.get("peer").textValue();
        ObjectNode old = m.get(peer);
        if (old != null && old.get("exp").asLong() >= rec.get("exp").asLong()) {
            return true;
        }
        if (old == null) {
            count++;
        }
        m.put(peer, rec);
        if (m.size() > MAX_PER_KEY) {
            String oldest = m.values().stream().min(Comparator.comparingLong(r -> r.get("exp").asLong()))
                    .orElseThrow().get("peer").textValue();
            m.remove(oldest);
            count--;
        }
        return true;
    }

    /** The live records under {@code key}, newest first, at most {@link #MAX_ANSWER_BYTES} of them. */
    List<ObjectNode> get(String key, long now) {
        LinkedHashMap<String, ObjectNode> m = byKey.get(key);
        List<ObjectNode> out = new ArrayList<>();
        if (m == null) {
            return out;
        }
        for (Iterator<ObjectNode> it = m.values().iterator(); it.hasNext(); ) {
            if (it.next().get("exp").asLong() <= now) {
                it.remove();
                count--;
            }
        }
        List<ObjectNode> all = new ArrayList<>(m.values());
        all.sort(Comparator.comparingLong((ObjectNode r) -> r.get("exp").asLong()).reversed());
        int bytes = 0;
        for (ObjectNode r : all) {
            bytes += r.toString().length();
            if (bytes > MAX_ANSWER_BYTES) {
                break;
            }
            out.add(r);
        }
        return out;
    }

    int size() {
        return count;
    }

    void expire(long now) {
        for (Iterator<Map.Entry<String, LinkedHashMap<String, ObjectNode>>> it = byKey.entrySet().iterator(); it.hasNext(); ) {
            LinkedHashMap<String, ObjectNode> m = it.next().getValue();
            for (Iterator<ObjectNode> r = m.values().iterator(); r.hasNext(); ) {
                if (r.next().get("exp").asLong() <= now) {
                    r.remove();
                    count--;
                }
            }
            if (m.isEmpty()) {
                it.remove();
            }
        }
    }
}

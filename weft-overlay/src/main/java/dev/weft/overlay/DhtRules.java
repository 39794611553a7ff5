package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.regex.Pattern;

/** Field rules of the DHT messages (docs/overlay.md, "DHT"). Records are checked in full by {@link DhtRecords}. */
final class DhtRules {
    private static final Pattern KEY = Pattern.compile("[0-9a-f]{64}");

    private DhtRules() {
    }

    static boolean isKey(String k) {
        return k != null && KEY.matcher(k).matches();
    }

    static void check(Envelope e) throws OverlayException {
        ObjectNode b = e.body();
        switch (e.type()) {
            case DHT_FIND, DHT_GET, DHT_PUT -> {
                need(e.id() != null && b != null && b.get("key") != null && isKey(b.get("key").textValue()),
                        e.type().wire() + " needs an id and body.key: 64 hex characters");
                JsonNode l = b.get("lookup");
                need(l == null || l.isBoolean(), "body.lookup must be a boolean");
                if (e.type() == MessageType.DHT_PUT) {
                    need(b.get("rec") != null && b.get("rec").isObject(), "dht-put needs body.rec");
                }
            }
            case DHT_NODES, DHT_VALS -> {
                need(e.re() != null && b != null, e.type().wire() + " needs re and a body");
                JsonNode peers = b.get("peers");
                need(peers == null || (peers.isArray() && peers.size() <= Dht.K), "body.peers: at most " + Dht.K);
                if (peers != null) {
                    for (JsonNode p : peers) {
                        EnvelopeCodec.checkPeer(p, "body.peers[]");
                        need(p.get("url") != null, "body.peers[] are nodes with a url");
                    }
                }
                JsonNode recs = b.get("recs");
                need(recs == null || (recs.isArray() && recs.size() <= DhtRecords.MAX_PER_KEY),
                        "body.recs: at most " + DhtRecords.MAX_PER_KEY);
                if (recs != null) {
                    for (JsonNode r : recs) {
                        need(r.isObject(), "body.recs[] must be records");
                    }
                }
            }
            case DHT_OK -> need(e.re() != null, "dht-ok needs re");
            default -> {
            }
        }
    }

    private static void need(boolean ok, String rule) throws OverlayException {
        if (!ok) {
            throw new OverlayException(ErrorCode.INVALID_MESSAGE, rule);
        }
    }
}

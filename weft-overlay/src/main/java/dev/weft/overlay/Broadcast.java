package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Group broadcast by Plumtree (Leitão, Pereira, Rodrigues, "Epidemic Broadcast Trees", SRDS 2007;
 * docs/overlay.md "Broadcast scheme"): the first copy of a message is pushed to the eager neighbours and
 * announced by {@code ihave} to the lazy ones; a duplicate turns its sender lazy ({@code prune}); an announced
 * message that does not arrive within {@link #GRAFT_AFTER_MS} is pulled with {@code graft}, which also makes
 * that link eager again. The eager links become a spanning tree: about one copy per delivery.
 */
final class Broadcast {
    /** How long an announced message may take to arrive eagerly before it is grafted. */
    static final long GRAFT_AFTER_MS = 500;
    /** Next announcer tried after a graft that brought nothing. */
    static final long REGRAFT_AFTER_MS = 250;
    static final long CACHE_MS = 60_000;
    static final int CACHE_MAX = 1_000;
    static final int MAX_IDS = 64;
    /** Terms starting with this are the overlay's own (census), never delivered to the application. */
    static final String RESERVED = "weft:";

    private record Cached(Envelope e, long at) {
    }

    private static final class Missing {
        final List<String[]> announcers = new ArrayList<>(); // {peerId, group}
        Scheduler.Cancellable timer;
    }

    private final Overlay o;
    /** bcast copies received (duplicates included) and first copies delivered: the simulator's figures. */
    long copiesReceived;
    long firstCopies;
    /** Census broadcasts this peer started (the simulator checks that one peer per group does). */
    long censusSent;
    private final LinkedHashMap<String, Cached> cache = new LinkedHashMap<>();
    private final Map<String, Missing> missing = new HashMap<>();

    Broadcast(Overlay overlay) {
        this.o = overlay;
    }

    /** Signs and sends a new broadcast in {@code s}; returns its id. */
    String send(GroupState s, String term, JsonNode payload) throws OverlayException {
        String id = o.newId();
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.put("term", term);
        b.set("payload", payload);
        Envelope e = Signatures.sign(o.config.identity(),
                new Envelope(MessageType.BCAST, id, null, o.self.id(), null, -1, s.name, b, null));
        String text = o.codec.encode(e);
        if (text.length() > OverlayConstants.MAX_MESSAGE_BYTES) {
            throw new OverlayException(ErrorCode.MESSAGE_TOO_LARGE, "a broadcast may be at most "
                    + OverlayConstants.MAX_MESSAGE_BYTES + " bytes");
        }
        o.seen.add(id, o.scheduler.now());
        if (term.startsWith(RESERVED)) {
            censusSent++;
        }
        remember(e);
        push(s, e, text, null);
        return id;
    }

    void onBcast(PeerLink from, GroupState s, Envelope e) {
        long now = o.scheduler.now();
        copiesReceived++;
        if (o.seen.contains(e.id(), now)) {
            // A duplicate: this link need not push to us eagerly (Plumtree's prune).
            if (!s.lazy.contains(from.id())) {
                s.lazy.add(from.id());
                o.send(from, new Envelope(MessageType.PRUNE, null, null, null, null, -1, s.name, null, null));
            }
            return;
        }
        if (!o.checkSignature(from, e)) {
            return;
        }
        o.seen.add(e.id(), now);
        firstCopies++;
        Missing m = missing.remove(e.id());
        if (m != null && m.timer != null) {
            m.timer.cancel();
        }
        if (s.lazy.remove(from.id())) {
            // it came eagerly over a lazy link (a graft answer or the other side still eager): keep it eager
        }
        remember(e);
        push(s, e, o.codec.encode(e), from);
        String term = e.body().get("term").textValue();
        if (term.startsWith(RESERVED)) {
            o.census.heard(s, e);
        } else if (!e.from().equals(o.self.id())) {
            o.listener.onMessage(e.group(), e.from(), term, e.body().get("payload"));
        }
    }

    /** Eager push to the eager neighbours, ihave to the lazy ones (except the one it came from). */
    private void push(GroupState s, Envelope e, String text, PeerLink except) {
        String ihave = null;
        for (String n : s.neighbors) {
            PeerLink pl = o.linked(n);
            if (pl == null || pl == except) {
                continue;
            }
            if (s.lazy.contains(n)) {
                if (ihave == null) {
                    ihave = o.codec.encode(idsMessage(MessageType.IHAVE, s.name, List.of(e.id())));
                }
                pl.link.send(ihave);
            } else {
                pl.link.send(text);
            }
        }
    }

    void onIhave(PeerLink from, GroupState s, Envelope e) {
        long now = o.scheduler.now();
        for (JsonNode n : e.body().get("ids")) {
            String id = n.textValue();
            if (o.seen.contains(id, now)) {
                continue;
            }
            Missing m = missing.computeIfAbsent(id, k -> new Missing());
            m.announcers.add(new String[] {from.id(), s.name});
            if (m.timer == null) {
                m.timer = o.scheduler.schedule(GRAFT_AFTER_MS, () -> graft(id));
            }
        }
    }

    private void graft(String id) {
        Missing m = missing.get(id);
        if (m == null || o.seen.contains(id, o.scheduler.now())) {
            missing.remove(id);
            return;
        }
        while (!m.announcers.isEmpty()) {
            String[] a = m.announcers.remove(0);
            PeerLink pl = o.linked(a[0]);
            GroupState s = o.groups.state(a[1]);
            if (pl != null && s != null && s.neighbors.contains(a[0])) {
                s.lazy.remove(a[0]);
                o.send(pl, idsMessage(MessageType.GRAFT, s.name, List.of(id)));
                m.timer = o.scheduler.schedule(REGRAFT_AFTER_MS, () -> graft(id));
                return;
            }
        }
        missing.remove(id);
    }

    void onGraft(PeerLink from, GroupState s, Envelope e) {
        s.lazy.remove(from.id());
        expire();
        for (JsonNode n : e.body().get("ids")) {
            Cached c = cache.get(n.textValue());
            if (c != null && s.name.equals(c.e.group())) {
                o.send(from, c.e);
            }
        }
    }

    void onPrune(PeerLink from, GroupState s) {
        s.lazy.add(from.id());
    }

    private void remember(Envelope e) {
        expire();
        cache.put(e.id(), new Cached(e, o.scheduler.now()));
        if (cache.size() > CACHE_MAX) {
            Iterator<String> it = cache.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    private void expire() {
        long now = o.scheduler.now();
        for (Iterator<Cached> it = cache.values().iterator(); it.hasNext(); ) {
            if (now - it.next().at < CACHE_MS) {
                return;
            }
            it.remove();
        }
    }

    static Envelope idsMessage(MessageType type, String group, List<String> ids) {
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        ArrayNode a = b.putArray("ids");
        ids.forEach(a::add);
        return new Envelope(type, null, null, null, null, -1, group, b, null);
    }
}

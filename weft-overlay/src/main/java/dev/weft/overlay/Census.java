package dev.weft.overlay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * No islands (docs/overlay.md, "No islands"): group members advertise themselves in the DHT, a member without
 * neighbours links to an advertised member, and the census detects and heals splits. The census peer of a
 * group is the live advertised member whose DHT key is closest to the group key; it broadcasts a signed
 * {@code weft:census} term every {@link #CENSUS_EVERY_MS}. A member that has not heard it for
 * {@link #SILENCE_MS} while its record is fresh is in another part: after a random wait (so that one member of
 * that part acts and the others then hear the census through it) it links to the census peer.
 */
final class Census {
    static final long CENSUS_EVERY_MS = 10_000;
    static final long SILENCE_MS = 25_000;
    static final long REPUBLISH_MS = 2 * 60_000;
    static final long FETCH_EMPTY_MS = 3_000;
    static final long JITTER_MS = 5_000;
    static final String TERM = "weft:census";
    static final long REPAIR_AFTER_LOSS_MS = 1_000;
    static final long REPAIR_EVERY_MS = 10_000;

    private final Overlay o;

    Census(Overlay overlay) {
        this.o = overlay;
    }

    /** A census broadcast arrived (its signature was checked). */
    void heard(GroupState s, Envelope e) {
        s.heard.put(e.from(), o.scheduler.now());
    }

    /** Called by group maintenance once a second for each settled group. */
    void tick(GroupState s) {
        long now = o.scheduler.now();
        if (s.readyAt == 0) {
            s.readyAt = now;
        }
        if (now - s.lastPublish >= REPUBLISH_MS) {
            s.lastPublish = now;
            publish(s);
        }
        boolean alone = s.neighbors.isEmpty();
        boolean stale = alone || s.lostAt > s.recordsAt || !s.fetchedOnce;
        if (!s.fetching && (now - s.recordsAt >= REPUBLISH_MS || (stale && now - s.recordsAt >= FETCH_EMPTY_MS))) {
            fetch(s, now);
        }
        int n = s.neighbors.size();
        if (n > 0 && n < OverlayConstants.LOW_WATER && o.self.kind() != PeerKind.CLIENT && !s.repairing
                && now - s.lastRepair >= (s.lostAt > s.lastRepair ? REPAIR_AFTER_LOSS_MS : REPAIR_EVERY_MS)) {
            // Below the low water mark (a neighbour left or died): one extra link to a random advertised
            // member. Random links make the group graph an expander: a part cut off by churn joins back at once.
            s.lastRepair = now;
            s.repairing = true;
            linkToRandom(s).exceptionallyCompose(err -> linkToRandom(s))
                    .whenComplete((ok, err) -> s.repairing = false);
        }
        ObjectNode census = s.census != null && s.census.get("exp").asLong() > o.scheduler.epochMillis() ? s.census : null;
        String censusId = closestHeard(s, census == null ? o.self.id() : census.get("peer").textValue(), now);
        if (censusId.equals(o.self.id())) {
            // Only once this member has seen the group's records (else every newcomer would think it is the one).
            if (now - s.lastCensus >= CENSUS_EVERY_MS && !alone && s.fetchedOnce && now - s.readyAt >= CENSUS_EVERY_MS) {
                s.lastCensus = now;
                try {
                    o.broadcast.send(s, TERM, EnvelopeCodec.NODES.objectNode());
                } catch (OverlayException ignored) {
                    // cannot happen: the census payload is tiny
                }
            }
            return;
        }
        long heard = Math.max(s.heard.getOrDefault(censusId, 0L), s.readyAt);
        if (!s.busy && !s.healing && !s.neighbors.contains(censusId) && now - heard >= SILENCE_MS
                && o.self.kind() != PeerKind.CLIENT) {
            s.healing = true;
            long wait = (long) (o.random.nextDouble() * JITTER_MS);
            o.scheduler.schedule(wait, () -> heal(s, censusId, census));
        }
    }

    /**
     * The census peer as this member sees it: of {@code fromRecords} (the closest advertised member, or this peer)
     * and the peers whose census was heard within {@link #SILENCE_MS}, the one closest to the group key. A member
     * sees only the newest {@link DhtRecords#MAX_PER_KEY} advertisements (at most {@link
     * DhtRecords#MAX_ANSWER_BYTES} of them), so in a group much larger than that many members find no record
     * closer than themselves; hearing a closer census makes them stand down, so that one census peer remains
     * instead of about one per answer's worth of members (each flooding the whole group every
     * {@link #CENSUS_EVERY_MS}). Entries older than {@link #SILENCE_MS} are forgotten (they would count as
     * silent anyway), which bounds {@code heard}.
     */
    private String closestHeard(GroupState s, String fromRecords, long now) {
        byte[] gk = Identity.groupKey(s.name);
        String best = fromRecords;
        byte[] bestKey = keyOf(fromRecords);
        for (var it = s.heard.entrySet().iterator(); it.hasNext(); ) {
            var h = it.next();
            if (now - h.getValue() >= SILENCE_MS) {
                it.remove();
                continue;
            }
            byte[] k = keyOf(h.getKey());
            if (KBuckets.compare(gk, k, bestKey) < 0) {
                best = h.getKey();
                bestKey = k;
            }
        }
        return best;
    }

    private byte[] keyOf(String peerId) {
        return peerId.equals(o.self.id()) ? o.config.identity().dhtKey() : Identity.sha256(Identity.publicKeyOf(peerId));
    }

    private void heal(GroupState s, String censusId, ObjectNode census) {
        long now = o.scheduler.now();
        if (o.groups.state(s.name) != s || now - s.heard.getOrDefault(censusId, 0L) < SILENCE_MS
                || s.neighbors.contains(censusId)) {
            s.healing = false;
            return;
        }
        s.heals++;
        linkTo(s, census).exceptionallyCompose(err -> linkToRandom(s))
                .whenComplete((ok, err) -> {
                    s.healing = false;
                    s.heard.put(censusId, o.scheduler.now()); // give the census time to arrive through the new link
                });
    }

    /** No neighbour: link to a random live advertised member (no particular node on the path). */
    CompletableFuture<Void> rediscover(GroupState s) {
        return linkToRandom(s).thenRun(() -> {
            if (!s.neighbors.isEmpty()) {
                s.rediscovered++;
            }
        });
    }

    private CompletableFuture<Void> linkToRandom(GroupState s) {
        List<ObjectNode> candidates = new ArrayList<>();
        for (ObjectNode r : live(s)) {
            String id = r.get("peer").textValue();
            if (!id.equals(o.self.id()) && !s.neighbors.contains(id)) {
                candidates.add(r);
            }
        }
        if (candidates.isEmpty()) {
            return CompletableFuture.failedFuture(new OverlayException(dev.weft.protocol.ErrorCode.NO_ROUTE, "no advertised member"));
        }
        return linkTo(s, candidates.get(o.random.nextInt(candidates.size())));
    }

    /** Links to the member of a record and joins it: a node by URL, a browser through one of its via nodes. */
    CompletableFuture<Void> linkTo(GroupState s, ObjectNode rec) {
        return linkToMember(s, rec).thenRun(() -> s.advertLinks++);
    }

    private CompletableFuture<Void> linkToMember(GroupState s, ObjectNode rec) {
        PeerInfo p = new PeerInfo(rec.get("peer").textValue(), PeerKind.of(rec.get("kind").textValue()),
                rec.hasNonNull("url") ? rec.get("url").textValue() : null);
        if (o.linked(p.id()) != null || p.url() != null) {
            return o.relay.ensureLink(p, List.of()).thenCompose(pl -> o.groups.requestJoin(s, pl));
        }
        if (o.self.kind() == PeerKind.CLIENT || p.kind() == PeerKind.CLIENT || rec.get("via").isEmpty()) {
            return CompletableFuture.failedFuture(new OverlayException(dev.weft.protocol.ErrorCode.LINK_REFUSED, "not reachable"));
        }
        ObjectNode via = (ObjectNode) rec.get("via").get(o.random.nextInt(rec.get("via").size()));
        PeerInfo node = new PeerInfo(via.get("id").textValue(), PeerKind.NODE, via.get("url").textValue());
        CompletableFuture<PeerLink> first = node.id().equals(o.self.id())
                ? CompletableFuture.completedFuture(null) : o.relay.ensureLink(node, List.of());
        return first.thenCompose(x -> o.relay.ensureLink(p, node.id().equals(o.self.id()) ? List.of(p.id())
                : List.of(node.id(), p.id()))).thenCompose(pl -> o.groups.requestJoin(s, pl));
    }

    /** The census peer's record: the live advertised member closest (XOR) to the group key, self included. */
    private ObjectNode censusRecord(GroupState s) {
        byte[] gk = Identity.groupKey(s.name);
        ObjectNode best = null;
        byte[] bestKey = o.config.identity().dhtKey();
        for (ObjectNode r : live(s)) {
            byte[] k = Identity.sha256(Identity.publicKeyOf(r.get("peer").textValue()));
            if (KBuckets.compare(gk, k, bestKey) < 0) {
                best = r;
                bestKey = k;
            }
        }
        return best;
    }

    private List<ObjectNode> live(GroupState s) {
        long now = o.scheduler.epochMillis();
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode r : s.records) {
            if (r.get("exp").asLong() > now) {
                out.add(r);
            }
        }
        return out;
    }

    private void fetch(GroupState s, long now) {
        s.fetching = true;
        o.dht.get(Identity.groupKey(s.name)).whenComplete((recs, err) -> {
            s.fetching = false;
            s.recordsAt = o.scheduler.now();
            if (recs != null) {
                s.fetchedOnce = true;
                s.records = recs;
                s.census = censusRecord(s);
            }
        });
    }

    /** Puts this member's advertisement under the group key. */
    void publish(GroupState s) {
        ObjectNode rec = EnvelopeCodec.NODES.objectNode();
        rec.put("peer", o.self.id());
        rec.put("kind", o.self.kind().wire());
        if (o.self.url() != null) {
            rec.put("url", o.self.url());
        }
        ArrayNode via = rec.putArray("via");
        for (PeerLink pl : o.readyLinks()) {
            if (pl.peer.kind() == PeerKind.NODE && pl.peer.url() != null && via.size() < 4) {
                ObjectNode v = via.addObject();
                v.put("id", pl.peer.id());
                v.put("url", pl.peer.url());
            }
        }
        rec.put("group", s.name);
        rec.put("exp", o.scheduler.epochMillis() + DhtRecords.LIFETIME_MS);
        rec.put("sig", o.config.identity().sign(Signatures.recordText(rec)));
        o.dht.put(Identity.groupKey(s.name), rec);
    }
}

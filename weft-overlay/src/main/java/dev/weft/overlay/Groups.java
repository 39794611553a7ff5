package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Group membership, water marks and broadcast (docs/overlay.md, "Groups" and "Broadcast"). A group's
 * neighbours share the peer's links (one link per peer pair). Maintenance, once a second: no neighbour →
 * route-group again (without the cache); below {@link OverlayConstants#LOW_WATER} → ask a neighbour for its
 * neighbours and link to one; above {@link OverlayConstants#HIGH_WATER} → leave a random one. A peer refuses
 * joins at its full mark.
 */
final class Groups {
    private final Overlay o;
    private final Map<String, GroupState> groups = new LinkedHashMap<>();

    Groups(Overlay overlay) {
        this.o = overlay;
    }

    boolean isMember(String g) {
        return groups.containsKey(g);
    }

    boolean hasRoom(String g) {
        GroupState s = groups.get(g);
        return s != null && s.neighbors.size() < o.config.groupFull();
    }

    /** Whether this peer answers a route query for {@code g}: a settled member with room. */
    boolean answersFor(String g) {
        GroupState s = groups.get(g);
        return s != null && s.ready && s.neighbors.size() < o.config.groupFull();
    }

    List<String> neighbors(String g) {
        GroupState s = groups.get(g);
        return s == null ? List.of() : List.copyOf(s.neighbors);
    }

    List<String> names() {
        return List.copyOf(groups.keySet());
    }

    CompletableFuture<Void> join(String g) {
        if (!EnvelopeCodec.isValidGroup(g) || OverlayConstants.ROOT.equals(g)) {
            return CompletableFuture.failedFuture(new OverlayException(ErrorCode.INVALID_MESSAGE,
                    "a group name is 1-64 of [A-Za-z0-9_.:-] starting with a letter or digit (\"/\" is joined already)"));
        }
        if (groups.containsKey(g)) {
            return CompletableFuture.completedFuture(null);
        }
        int max = o.self.kind() == PeerKind.NODE ? OverlayConstants.NODE_MAX_GROUPS : OverlayConstants.MAX_GROUPS;
        if (groups.size() >= max) {
            return CompletableFuture.failedFuture(new OverlayException(ErrorCode.GROUP_FULL,
                    "this peer is in " + max + " groups already"));
        }
        GroupState s = new GroupState(g);
        groups.put(g, s);
        s.busy = true;
        s.lastReroute = o.scheduler.now();
        return findAndJoin(s, false).handle((ok, err) -> {
            s.busy = false;
            return null;
        });
    }

    /**
     * Finds a member and becomes its neighbour. A client (no WebRTC, no URL) asks a node it is linked to,
     * which joins the group itself if needed; everyone else runs route-group over "/". No member found: this
     * peer is the group (it was created).
     */
    private CompletableFuture<Void> findAndJoin(GroupState s, boolean noCache) {
        return findAndJoin(s, noCache, List.of());
    }

    private CompletableFuture<Void> findAndJoin(GroupState s, boolean noCache, List<String> exclude) {
        if (o.self.kind() == PeerKind.CLIENT) {
            for (PeerLink pl : o.readyLinks()) {
                if (pl.peer.kind() == PeerKind.NODE) {
                    return requestJoin(s, pl);
                }
            }
            return CompletableFuture.completedFuture(null);
        }
        return o.routing.find(s.name, noCache, exclude).thenCompose(route -> {
            if (route.isEmpty() || !groups.containsKey(s.name)) {
                if (s.neighbors.isEmpty() && exclude.isEmpty()) {
                    s.ready = true; // nobody has it within reach: this peer created the group
                }
                return CompletableFuture.completedFuture(null);
            }
            PeerInfo member = route.get(route.size() - 1);
            List<String> hops = new ArrayList<>();
            route.forEach(p -> hops.add(p.id()));
            CompletableFuture<Void> joined = o.relay.ensureLink(member, hops).thenCompose(pl -> requestJoin(s, pl));
            if (!exclude.isEmpty()) {
                return joined;
            }
            // Refused (full) or unreachable: ask again past that member, without cached routes.
            return joined.exceptionallyCompose(err -> {
                List<String> past = new ArrayList<>(exclude);
                past.add(member.id());
                past.add(o.self.id());
                return findAndJoin(s, true, past);
            });
        });
    }

    CompletableFuture<Void> requestJoin(GroupState s, PeerLink pl) {
        if (s.neighbors.contains(pl.id())) {
            return CompletableFuture.completedFuture(null);
        }
        String id = o.newId();
        CompletableFuture<Envelope> answer = o.requests.expect(id, pl.id(), OverlayConstants.REQUEST_TIMEOUT_MS);
        o.send(pl, new Envelope(MessageType.JOIN, id, null, null, null, -1, s.name, null, null));
        return answer.thenAccept(e -> {
            if (e.type() == MessageType.JOINED && groups.get(s.name) == s && o.links.containsValue(pl)) {
                addNeighbor(s, pl);
            }
        });
    }

    void leave(String g) {
        GroupState s = groups.remove(g);
        if (s == null) {
            return;
        }
        for (String n : s.neighbors) {
            PeerLink pl = o.linked(n);
            if (pl != null) {
                pl.groups.remove(g);
                pl.idleSince = o.scheduler.now();
                o.send(pl, new Envelope(MessageType.LEAVE, null, null, null, null, -1, g, null, null));
            }
        }
        o.routing.forget(g);
    }

    void onJoin(PeerLink pl, Envelope e) throws OverlayException {
        GroupState s = groups.get(e.group());
        if (s == null) {
            if (o.self.kind() != PeerKind.NODE) {
                throw new OverlayException(ErrorCode.NOT_IN_GROUP, o.self.id() + " is not in " + e.group());
            }
            // A node joins on behalf of peers that cannot reach the group themselves (Java clients).
            join(e.group());
            s = groups.get(e.group());
            if (s == null) {
                throw new OverlayException(ErrorCode.GROUP_FULL, o.self.id() + " cannot join more groups");
            }
        }
        if (!s.neighbors.contains(pl.id()) && s.neighbors.size() >= o.config.groupFull()) {
            throw new OverlayException(ErrorCode.GROUP_FULL, o.self.id() + " has " + s.neighbors.size()
                    + " neighbours in " + e.group());
        }
        addNeighbor(s, pl);
        o.send(pl, Envelope.of(MessageType.JOINED, null).withRe(e.id()).withGroup(e.group()));
    }

    void onLeave(PeerLink pl, Envelope e) {
        GroupState s = groups.get(e.group());
        if (s != null) {
            removeNeighbor(s, pl);
        }
    }

    void onMembers(PeerLink pl, Envelope e) throws OverlayException {
        GroupState s = groups.get(e.group());
        if (s == null) {
            throw new OverlayException(ErrorCode.NOT_IN_GROUP, o.self.id() + " is not in " + e.group());
        }
        List<PeerInfo> list = new ArrayList<>();
        for (String n : s.neighbors) {
            PeerLink m = o.linked(n);
            if (m != null && m != pl && list.size() < OverlayConstants.MAX_MEMBERS) {
                list.add(m.peer);
            }
        }
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.set("peers", EnvelopeCodec.peers(list));
        o.send(pl, Envelope.of(MessageType.MEMBERS_OK, b).withRe(e.id()).withGroup(e.group()));
    }

    private void addNeighbor(GroupState s, PeerLink pl) {
        s.ready = true;
        if (s.neighbors.add(pl.id())) {
            pl.groups.add(s.name);
            o.listener.onNeighborJoined(s.name, pl.id());
        }
    }

    private void removeNeighbor(GroupState s, PeerLink pl) {
        s.lazy.remove(pl.id());
        if (s.neighbors.remove(pl.id())) {
            pl.groups.remove(s.name);
            pl.idleSince = o.scheduler.now();
            o.listener.onNeighborLeft(s.name, pl.id());
            kick();
        }
    }

    void linkLost(PeerLink pl) {
        for (String g : new ArrayList<>(pl.groups)) {
            GroupState s = groups.get(g);
            if (s != null) {
                s.lostAt = o.scheduler.now();
                removeNeighbor(s, pl);
            }
        }
    }

    // ---------------------------------------------------------------- broadcast

    String broadcast(String g, String term, JsonNode payload) throws OverlayException {
        GroupState s = groups.get(g);
        if (s == null || OverlayConstants.ROOT.equals(g)) {
            throw new OverlayException(ErrorCode.NOT_IN_GROUP, "broadcast only to a group this peer is in (not \"/\")");
        }
        if (!EnvelopeCodec.isValidTerm(term) || term.startsWith(Broadcast.RESERVED)) {
            throw new OverlayException(ErrorCode.INVALID_MESSAGE, "term must be 1-64 of [A-Za-z0-9_.:/-], not starting with weft:");
        }
        return o.broadcast.send(s, term, payload);
    }

    GroupState state(String g) {
        return groups.get(g);
    }

    /** bcast, ihave, graft, prune: only from a neighbour in that group (else it is told to leave). */
    void onGossip(PeerLink from, Envelope e) throws OverlayException {
        if (OverlayConstants.ROOT.equals(e.group())) {
            throw new OverlayException(ErrorCode.NOT_IN_GROUP, "no broadcast to \"/\"");
        }
        GroupState s = groups.get(e.group());
        if (s == null || !s.neighbors.contains(from.id())) {
            // Stale neighbourship on the other side: tell it.
            o.send(from, new Envelope(MessageType.LEAVE, null, null, null, null, -1, e.group(), null, null));
            return;
        }
        switch (e.type()) {
            case BCAST -> o.broadcast.onBcast(from, s, e);
            case IHAVE -> o.broadcast.onIhave(from, s, e);
            case GRAFT -> o.broadcast.onGraft(from, s, e);
            case PRUNE -> o.broadcast.onPrune(from, s);
            default -> throw new OverlayException(ErrorCode.UNKNOWN_TYPE, "not gossip: " + e.type().wire());
        }
    }

    // ---------------------------------------------------------------- maintenance

    /** Something changed: run maintenance soon (the tick does it; kept for a debounce later). */
    void kick() {
    }

    void maintain() {
        long now = o.scheduler.now();
        for (GroupState s : new ArrayList<>(groups.values())) {
            if (s.busy) {
                continue;
            }
            if (s.ready) {
                o.census.tick(s);
            }
            int n = s.neighbors.size();
            if (n == 0) {
                if (now - s.lastReroute >= 2_000 && !o.readyLinks().isEmpty()) {
                    s.lastReroute = now;
                    // First the DHT's advertised members (no particular node on the path), else route-group.
                    run(s, o.census.rediscover(s).exceptionallyCompose(err -> findAndJoin(s, true)));
                }
            } else if ((n < OverlayConstants.LOW_WATER || (n == OverlayConstants.LOW_WATER && now - s.lostAt < 30_000))
                    && o.self.kind() != PeerKind.CLIENT && o.links.size() < o.config.maxLinks()) {
                // Right after losing a neighbour (down to the low water mark or below) too: a small part cut
                // off by churn (e.g. 4 peers linked only to each other) looks beyond itself at once.
                if (now - s.lastReroute >= 5_000 || s.lostAt > s.lastReroute) {
                    // Also look beyond the neighbours' neighbours: merges groups created twice (islands).
                    s.lastReroute = now;
                    List<String> exclude = new ArrayList<>(s.neighbors);
                    exclude.add(o.self.id());
                    run(s, findAndJoin(s, true, exclude));
                } else {
                    run(s, findMore(s));
                }
            } else if (n > OverlayConstants.HIGH_WATER && o.self.kind() != PeerKind.NODE) {
                run(s, dropOne(s));
            }
        }
        collectIdleLinks(now);
    }

    private void run(GroupState s, CompletableFuture<Void> work) {
        s.busy = true;
        work.whenComplete((ok, err) -> s.busy = false);
    }

    /**
     * Above the high water mark: leaves a random neighbour, but only one that shares another neighbour with
     * this peer (the dropped link lies in a triangle) and is above the high water mark itself: only links
     * between two crowded peers go. Dropping never disconnects anyone then in practice; the seed dropped any
     * random neighbour, which cut groups into islands (the overlay tests saw it with 50 peers).
     */
    private CompletableFuture<Void> dropOne(GroupState s) {
        List<String> list = new ArrayList<>(s.neighbors);
        PeerLink x = o.linked(list.get(o.random.nextInt(list.size())));
        if (x == null) {
            return CompletableFuture.completedFuture(null);
        }
        String id = o.newId();
        CompletableFuture<Envelope> answer = o.requests.expect(id, x.id(), OverlayConstants.REQUEST_TIMEOUT_MS);
        o.send(x, new Envelope(MessageType.MEMBERS, id, null, null, null, -1, s.name, null, null));
        return answer.thenAccept(e -> {
            if (e.type() != MessageType.MEMBERS_OK || groups.get(s.name) != s || !s.neighbors.contains(x.id())) {
                return;
            }
            List<PeerInfo> theirs = EnvelopeCodec.readPeers(e.body().get("peers"));
            boolean triangle = theirs.stream().anyMatch(p -> s.neighbors.contains(p.id()));
            if (triangle && theirs.size() >= OverlayConstants.HIGH_WATER && s.neighbors.size() > OverlayConstants.HIGH_WATER) {
                o.send(x, new Envelope(MessageType.LEAVE, null, null, null, null, -1, s.name, null, null));
                removeNeighbor(s, x);
            }
        });
    }

    /** Asks a random neighbour for its neighbours and becomes the neighbour of one it can reach. */
    private CompletableFuture<Void> findMore(GroupState s) {
        List<String> list = new ArrayList<>(s.neighbors);
        PeerLink via = o.linked(list.get(o.random.nextInt(list.size())));
        if (via == null) {
            return CompletableFuture.completedFuture(null);
        }
        String id = o.newId();
        CompletableFuture<Envelope> answer = o.requests.expect(id, via.id(), OverlayConstants.REQUEST_TIMEOUT_MS);
        o.send(via, new Envelope(MessageType.MEMBERS, id, null, null, null, -1, s.name, null, null));
        return answer.thenCompose(e -> {
            if (e.type() != MessageType.MEMBERS_OK) {
                return CompletableFuture.completedFuture(null);
            }
            List<PeerInfo> candidates = new ArrayList<>();
            for (PeerInfo p : EnvelopeCodec.readPeers(e.body().get("peers"))) {
                if (!p.id().equals(o.self.id()) && !s.neighbors.contains(p.id()) && reachable(p)) {
                    candidates.add(p);
                }
            }
            if (candidates.isEmpty() || groups.get(s.name) != s) {
                return CompletableFuture.completedFuture(null);
            }
            PeerInfo pick = candidates.get(o.random.nextInt(candidates.size()));
            return o.relay.ensureLink(pick, List.of(via.id(), pick.id())).thenCompose(pl -> requestJoin(s, pl));
        });
    }

    private boolean reachable(PeerInfo p) {
        return p.url() != null || o.linked(p.id()) != null
                || (o.self.kind() == PeerKind.NODE && p.kind() == PeerKind.BROWSER)
                || (o.self.kind() == PeerKind.BROWSER && p.kind() == PeerKind.BROWSER);
    }

    /** A browser or client closes links to non-nodes that share no group with it (after 4 s). */
    private void collectIdleLinks(long now) {
        if (o.self.kind() == PeerKind.NODE) {
            return;
        }
        for (PeerLink pl : new ArrayList<>(o.readyLinks())) {
            if (pl.groups.isEmpty() && pl.peer.kind() != PeerKind.NODE && now - pl.idleSince > 4_000) {
                pl.link.close();
            }
        }
    }
}

package dev.weft.overlay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * route-group over "/" (docs/overlay.md, "Routing"): find a member of a group within
 * {@link OverlayConstants#ROUTE_TTL} hops. A peer that is a member (and not full) answers with itself; any
 * other asks its "/" neighbours except the asker, takes the first positive answer, prepends itself and
 * caches the route for {@link OverlayConstants#ROUTE_CACHE_MS}. The query keeps its message id on every
 * hop, and a peer answers an id it has already seen with route-none, so cycles end the query.
 */
final class Routing {
    private record Cached(List<PeerInfo> route, long at) {
    }

    /** A query this peer forwarded (or started): who asked, how many answers are still out. */
    private static final class Query {
        final String id;
        final String group;
        final PeerLink asker;
        final CompletableFuture<List<PeerInfo>> origin;
        List<String> exclude = List.of();
        String peer;
        int outstanding;
        boolean done;
        Scheduler.Cancellable timer;

        Query(String id, String group, PeerLink asker, CompletableFuture<List<PeerInfo>> origin) {
            this.id = id;
            this.group = group;
            this.asker = asker;
            this.origin = origin;
        }
    }

    /** Ids a query may exclude. */
    static final int MAX_EXCLUDE = 16;

    private final Overlay o;
    private final Map<String, Cached> cache = new HashMap<>();
    private final Map<String, Query> queries = new HashMap<>();

    Routing(Overlay overlay) {
        this.o = overlay;
    }

    /** A route from this peer to a member of {@code group}: hops starting with a linked peer; empty if none. */
    CompletableFuture<List<PeerInfo>> find(String group, boolean noCache) {
        return find(group, noCache, List.of());
    }

    /** Like {@link #find(String, boolean)}, but members in {@code exclude} do not answer (they pass it on). */
    CompletableFuture<List<PeerInfo>> find(String group, boolean noCache, List<String> exclude) {
        CompletableFuture<List<PeerInfo>> f = new CompletableFuture<>();
        String id = o.newId();
        o.seen.add(id, o.scheduler.now());
        List<PeerInfo> cached = noCache || !exclude.isEmpty() ? null : cached(group);
        if (cached != null) {
            f.complete(cached);
            return f;
        }
        Query q = new Query(id, group, null, f);
        q.exclude = exclude.size() > MAX_EXCLUDE ? exclude.subList(0, MAX_EXCLUDE) : exclude;
        ask(q, null, OverlayConstants.ROUTE_TTL, noCache, OverlayConstants.ROUTE_TIMEOUT_MS);
        return f;
    }

    void onRoute(PeerLink from, Envelope e) {
        if (e.body().has("peer")) {
            onRoutePeer(from, e);
            return;
        }
        String group = e.body().get("group").textValue();
        List<String> exclude = new ArrayList<>();
        e.body().path("exclude").forEach(n -> {
            if (n.isTextual() && exclude.size() < MAX_EXCLUDE) {
                exclude.add(n.textValue());
            }
        });
        boolean noCache = e.body().path("noCache").asBoolean(false) || !exclude.isEmpty();
        if (!o.seen.add(e.id(), o.scheduler.now()) || o.self.kind() == PeerKind.CLIENT) {
            none(from, e.id());
            return;
        }
        if (o.groups.answersFor(group) && !exclude.contains(o.self.id())) {
            reply(from, e.id(), List.of(o.self));
            return;
        }
        List<PeerInfo> cached = noCache ? null : cached(group);
        if (cached != null && !contains(cached, from.id())) {
            reply(from, e.id(), prepend(cached));
            return;
        }
        if (e.ttl() <= 0) {
            none(from, e.id());
            return;
        }
        Query q = new Query(e.id(), group, from, null);
        q.exclude = exclude;
        ask(q, from, e.ttl() - 1, noCache, OverlayConstants.ROUTE_HOP_TIMEOUT_MS * Math.max(1, e.ttl()));
    }

    private void ask(Query q, PeerLink except, int ttl, boolean noCache, long timeoutMs) {
        ObjectNode body = EnvelopeCodec.NODES.objectNode();
        if (q.peer != null) {
            body.put("peer", q.peer);
        } else {
            body.put("group", q.group);
        }
        if (noCache) {
            body.put("noCache", true);
        }
        if (!q.exclude.isEmpty()) {
            com.fasterxml.jackson.databind.node.ArrayNode ex = body.putArray("exclude");
            q.exclude.forEach(ex::add);
        }
        Envelope msg = Envelope.of(MessageType.ROUTE, body).withId(q.id).withTtl(ttl).withGroup(OverlayConstants.ROOT);
        List<PeerLink> targets = new ArrayList<>();
        for (PeerLink pl : o.readyLinks()) {
            if (pl != except && pl.peer.kind() != PeerKind.CLIENT) {
                targets.add(pl);
            }
        }
        if (targets.isEmpty()) {
            finish(q, null);
            return;
        }
        q.outstanding = targets.size();
        queries.put(q.id, q);
        q.timer = o.scheduler.schedule(timeoutMs, () -> finish(q, null));
        for (PeerLink pl : targets) {
            o.send(pl, msg);
        }
    }

    /**
     * route to a peer by id ({@code body.peer}): answered by the peer itself or by a peer linked to it;
     * flooded like a group query, never cached. Used by {@code network.connect(id)}.
     */
    private void onRoutePeer(PeerLink from, Envelope e) {
        String peer = e.body().get("peer").textValue();
        if (!o.seen.add(e.id(), o.scheduler.now()) || o.self.kind() == PeerKind.CLIENT) {
            none(from, e.id());
            return;
        }
        if (peer.equals(o.self.id())) {
            reply(from, e.id(), List.of(o.self));
            return;
        }
        PeerLink target = o.linked(peer);
        if (target != null) {
            reply(from, e.id(), List.of(o.self, target.peer));
            return;
        }
        if (e.ttl() <= 0) {
            none(from, e.id());
            return;
        }
        Query q = new Query(e.id(), null, from, null);
        q.peer = peer;
        ask(q, from, e.ttl() - 1, true, OverlayConstants.ROUTE_HOP_TIMEOUT_MS * Math.max(1, e.ttl()));
    }

    /** A route from this peer to the peer {@code id} (hops starting with a linked peer); empty if none. */
    CompletableFuture<List<PeerInfo>> findPeer(String id) {
        CompletableFuture<List<PeerInfo>> f = new CompletableFuture<>();
        PeerLink direct = o.linked(id);
        if (direct != null) {
            f.complete(List.of(direct.peer));
            return f;
        }
        Query q = new Query(o.newId(), null, null, f);
        o.seen.add(q.id, o.scheduler.now());
        q.peer = id;
        ask(q, null, OverlayConstants.ROUTE_TTL, true, OverlayConstants.ROUTE_TIMEOUT_MS);
        return f;
    }

    /** route-ok or route-none from a neighbour we asked. */
    void answer(PeerLink from, Envelope e) {
        Query q = queries.get(e.re());
        if (q == null || q.done) {
            return;
        }
        if (e.type() == MessageType.ROUTE_OK) {
            List<PeerInfo> route = EnvelopeCodec.readPeers(e.body().get("route"));
            if (route.get(0).id().equals(from.id()) && !contains(route, o.self.id())) {
                if (q.group != null) {
                    cache.put(q.group, new Cached(route, o.scheduler.now()));
                }
                finish(q, route);
                return;
            }
        }
        if (--q.outstanding <= 0) {
            finish(q, null);
        }
    }

    /** Called when a link closes: it will not answer. */
    void linkLost(String peerId) {
        cache.values().removeIf(c -> c.route.get(0).id().equals(peerId));
    }

    private void finish(Query q, List<PeerInfo> route) {
        if (q.done) {
            return;
        }
        q.done = true;
        queries.remove(q.id);
        if (q.timer != null) {
            q.timer.cancel();
        }
        if (q.origin != null) {
            q.origin.complete(route == null ? List.of() : route);
        } else if (route == null) {
            none(q.asker, q.id);
        } else if (o.links.containsValue(q.asker)) {
            reply(q.asker, q.id, prepend(route));
        }
    }

    private List<PeerInfo> cached(String group) {
        Cached c = cache.get(group);
        if (c == null) {
            return null;
        }
        if (o.scheduler.now() - c.at > OverlayConstants.ROUTE_CACHE_MS || o.linked(c.route.get(0).id()) == null) {
            cache.remove(group);
            return null;
        }
        return c.route;
    }

    void forget(String group) {
        cache.remove(group);
    }

    private List<PeerInfo> prepend(List<PeerInfo> route) {
        List<PeerInfo> r = new ArrayList<>(route.size() + 1);
        r.add(o.self);
        r.addAll(route);
        return r.size() > OverlayConstants.ROUTE_TTL + 1 ? r.subList(0, 0) : r;
    }

    private static boolean contains(List<PeerInfo> route, String id) {
        for (PeerInfo p : route) {
            if (p.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private void reply(PeerLink to, String re, List<PeerInfo> route) {
        if (route.isEmpty()) {
            none(to, re);
            return;
        }
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.set("route", EnvelopeCodec.peers(route));
        o.send(to, Envelope.of(MessageType.ROUTE_OK, b).withRe(re));
    }

    private void none(PeerLink to, String re) {
        o.send(to, Envelope.of(MessageType.ROUTE_NONE, null).withRe(re));
    }

}

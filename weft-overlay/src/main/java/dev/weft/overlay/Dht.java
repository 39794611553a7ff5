package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The Kademlia DHT (docs/overlay.md, "DHT"; Maymounkov and Mazieres 2002). Nodes are members: they keep
 * {@link KBuckets}, store {@link DhtRecords} and run iterative lookups (alpha = 3 parallel requests per
 * round over the k = 20 closest). Browsers and clients are DHT clients: they send {@code lookup: true}
 * requests to a linked node, which runs the lookup for them.
 */
final class Dht {
    static final int K = 20;
    static final int ALPHA = 3;
    static final long REFRESH_MS = 10 * 60_000;
    /** Lookups a node runs at once for one client link. */
    static final int MAX_LOOKUPS_PER_LINK = 4;
    private static final HexFormat HEX = HexFormat.of();

    /** The outcome of an iterative lookup: closest members found, records, rounds ("hops"). */
    static final class Lookup {
        final byte[] key;
        final List<KBuckets.Contact> shortlist = new ArrayList<>();
        final Set<String> asked = new HashSet<>();
        final Set<String> failed = new HashSet<>();
        final Map<String, ObjectNode> recs = new LinkedHashMap<>();
        final boolean values;
        int rounds;
        final CompletableFuture<Lookup> done = new CompletableFuture<>();

        Lookup(byte[] key, boolean values) {
            this.key = key;
            this.values = values;
        }

        List<KBuckets.Contact> closest(int n) {
            List<KBuckets.Contact> out = new ArrayList<>();
            for (KBuckets.Contact c : shortlist) {
                if (!failed.contains(c.peer().id())) {
                    out.add(c);
                    if (out.size() == n) {
                        break;
                    }
                }
            }
            return out;
        }
    }

    private final Overlay o;
    final KBuckets table;
    final DhtRecords records = new DhtRecords();
    final byte[] selfKey;
    private long nextRefresh;
    /** Rounds of every lookup this peer ran (the simulator's hop counts). */
    final List<Integer> lookupRounds = new ArrayList<>();

    Dht(Overlay overlay) {
        this.o = overlay;
        this.selfKey = overlay.config.identity().dhtKey();
        this.table = new KBuckets(selfKey);
    }

    boolean member() {
        return o.self.kind() == PeerKind.NODE;
    }

    int size() {
        return records.size();
    }

    /** A ready link: a node is a DHT contact. */
    void linkReady(PeerLink pl) {
        if (member() && pl.peer.kind() == PeerKind.NODE && pl.peer.url() != null) {
            boolean first = table.size() == 0;
            table.add(pl.peer);
            if (first) {
                nextRefresh = o.scheduler.now(); // join: look up the own key at the next tick
            }
        }
    }

    /** Maintenance: bucket refresh (own key on join, then a random key every 10 min), record expiry. */
    void tick() {
        if (!member()) {
            return;
        }
        long now = o.scheduler.now();
        records.expire(o.scheduler.epochMillis());
        if (table.size() > 0 && now >= nextRefresh) {
            byte[] key = selfKey;
            if (nextRefresh != 0 && o.random.nextBoolean()) {
                key = new byte[32];
                o.random.nextBytes(key);
            }
            nextRefresh = now + REFRESH_MS;
            lookup(key, false);
        }
    }

    // ---------------------------------------------------------------- requests from other peers

    void onRequest(PeerLink pl, Envelope e) throws OverlayException {
        String keyHex = e.body().get("key").textValue();
        byte[] key = HEX.parseHex(keyHex);
        boolean lookup = e.body().path("lookup").asBoolean(false);
        switch (e.type()) {
            case DHT_FIND -> reply(pl, e, MessageType.DHT_NODES, List.of(), closestPeers(key));
            case DHT_GET -> {
                if (lookup && member()) {
                    startForClient(pl, e, lookup(key, true).thenAccept(l -> reply(pl, e, MessageType.DHT_VALS,
                            new ArrayList<>(l.recs.values()), null)));
                } else {
                    List<ObjectNode> recs = member() ? records.get(keyHex, o.scheduler.epochMillis()) : List.of();
                    reply(pl, e, MessageType.DHT_VALS, recs, closestPeers(key));
                }
            }
            case DHT_PUT -> {
                ObjectNode rec = (ObjectNode) e.body().get("rec");
                String problem = DhtRecords.problem(keyHex, rec, o.scheduler.epochMillis());
                if (problem != null) {
                    o.score.penalize(pl, OverlayConstants.PENALTY_INVALID, problem);
                    throw new OverlayException(ErrorCode.DHT_RECORD_INVALID, problem);
                }
                if (lookup && member()) {
                    startForClient(pl, e, store(keyHex, rec));
                }
                if (!lookup && member()) {
                    records.put(keyHex, rec, o.scheduler.epochMillis());
                }
                if (!lookup || !member()) {
                    o.send(pl, Envelope.of(MessageType.DHT_OK, null).withRe(e.id()));
                }
            }
            default -> throw new OverlayException(ErrorCode.UNKNOWN_TYPE, e.type().wire());
        }
    }

    private void startForClient(PeerLink pl, Envelope e, CompletableFuture<?> work) throws OverlayException {
        if (pl.dhtLookups >= MAX_LOOKUPS_PER_LINK) {
            throw new OverlayException(ErrorCode.RATE_LIMITED, "at most " + MAX_LOOKUPS_PER_LINK + " DHT lookups at once per link");
        }
        pl.dhtLookups++;
        work.whenComplete((ok, err) -> {
            pl.dhtLookups--;
            if (e.type() == MessageType.DHT_PUT) {
                o.send(pl, Envelope.of(MessageType.DHT_OK, null).withRe(e.id()));
            } else if (err != null) {
                reply(pl, e, MessageType.DHT_VALS, List.of(), null);
            }
        });
    }

    private void reply(PeerLink pl, Envelope e, MessageType type, List<ObjectNode> recs, List<PeerInfo> peers) {
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        if (type == MessageType.DHT_VALS) {
            ArrayNode a = b.putArray("recs");
            recs.forEach(a::add);
        }
        b.set("peers", EnvelopeCodec.peers(peers == null ? List.of() : peers));
        o.send(pl, Envelope.of(type, b).withRe(e.id()));
    }

    /** The k closest members this node knows, itself included. */
    private List<PeerInfo> closestPeers(byte[] key) {
        List<KBuckets.Contact> list = table.closest(key, K);
        if (member()) {
            list.add(new KBuckets.Contact(o.self, selfKey));
            list.sort(KBuckets.byDistance(key));
        }
        List<PeerInfo> out = new ArrayList<>();
        for (int i = 0; i < Math.min(K, list.size()); i++) {
            out.add(list.get(i).peer());
        }
        return out;
    }

    // ---------------------------------------------------------------- the API for this peer

    /** The live, valid records under {@code key} (a lookup on nodes, a request to a linked node elsewhere). */
    CompletableFuture<List<ObjectNode>> get(byte[] key) {
        String keyHex = HEX.formatHex(key);
        if (member()) {
            return lookup(key, true).thenApply(l -> new ArrayList<>(l.recs.values()));
        }
        return ask(MessageType.DHT_GET, key, null).thenApply(e -> {
            List<ObjectNode> out = new ArrayList<>();
            if (e.type() == MessageType.DHT_VALS && e.body().get("recs") != null) {
                long now = o.scheduler.epochMillis();
                for (JsonNode r : e.body().get("recs")) {
                    if (DhtRecords.problem(keyHex, r, now) == null) {
                        out.add((ObjectNode) r);
                    }
                }
            }
            return out;
        });
    }

    /** Stores a record at the k closest members. */
    CompletableFuture<Void> put(byte[] key, ObjectNode rec) {
        if (member()) {
            return store(HEX.formatHex(key), rec);
        }
        return ask(MessageType.DHT_PUT, key, rec).thenApply(e -> null);
    }

    private CompletableFuture<Envelope> ask(MessageType type, byte[] key, ObjectNode rec) {
        PeerLink node = null;
        for (PeerLink pl : o.readyLinks()) {
            if (pl.peer.kind() == PeerKind.NODE) {
                node = pl;
                break;
            }
        }
        if (node == null) {
            if (!o.knownNodes.isEmpty() && !o.relay.dialing()) {
                List<String> known = new ArrayList<>(o.knownNodes);
                o.relay.dialKnown(known.get(o.random.nextInt(known.size())));
            }
            return CompletableFuture.failedFuture(new OverlayException(ErrorCode.NO_ROUTE, "no node linked for the DHT"));
        }
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.put("key", HEX.formatHex(key));
        b.put("lookup", true);
        if (rec != null) {
            b.set("rec", rec);
        }
        String id = o.newId();
        CompletableFuture<Envelope> f = o.requests.expect(id, node.id(), OverlayConstants.REQUEST_TIMEOUT_MS * 2);
        o.send(node, Envelope.of(type, b).withId(id));
        return f;
    }

    private CompletableFuture<Void> store(String keyHex, ObjectNode rec) {
        byte[] key = HEX.parseHex(keyHex);
        return lookup(key, false).thenAccept(l -> {
            List<KBuckets.Contact> targets = l.closest(K);
            boolean selfIn = targets.size() < K
                    || KBuckets.compare(key, selfKey, targets.get(targets.size() - 1).key()) < 0;
            if (selfIn) {
                records.put(keyHex, rec, o.scheduler.epochMillis());
            }
            for (KBuckets.Contact c : targets) {
                PeerLink pl = o.linked(c.peer().id());
                ObjectNode b = EnvelopeCodec.NODES.objectNode();
                b.put("key", keyHex);
                b.set("rec", rec);
                Envelope put = Envelope.of(MessageType.DHT_PUT, b).withId(o.newId());
                if (pl != null) {
                    o.send(pl, put);
                } else {
                    o.relay.ensureLink(c.peer(), List.of()).thenAccept(link -> o.send(link, put));
                }
            }
        });
    }

    // ---------------------------------------------------------------- iterative lookup

    /** Kademlia's node (or value) lookup for {@code key}: rounds of alpha parallel requests. */
    CompletableFuture<Lookup> lookup(byte[] key, boolean values) {
        Lookup l = new Lookup(key, values);
        l.shortlist.addAll(table.closest(key, K));
        if (values) {
            for (ObjectNode r : records.get(HEX.formatHex(key), o.scheduler.epochMillis())) {
                l.recs.put(r.get("peer").textValue(), r);
            }
        }
        round(l);
        l.done.thenAccept(x -> {
            if (lookupRounds.size() < 100_000) {
                lookupRounds.add(x.rounds);
            }
        });
        return l.done;
    }

    private void round(Lookup l) {
        List<KBuckets.Contact> next = new ArrayList<>();
        for (KBuckets.Contact c : l.closest(K)) {
            if (!l.asked.contains(c.peer().id())) {
                next.add(c);
                if (next.size() == ALPHA) {
                    break;
                }
            }
        }
        if (next.isEmpty()) {
            l.done.complete(l);
            return;
        }
        l.rounds++;
        byte[] bestBefore = l.closest(1).isEmpty() ? null : l.closest(1).get(0).key();
        int[] pending = {next.size()};
        for (KBuckets.Contact c : next) {
            l.asked.add(c.peer().id());
            query(c, l).whenComplete((e, err) -> {
                if (err != null || e == null || e.type() == MessageType.ERROR) {
                    l.failed.add(c.peer().id());
                    table.remove(c.peer().id());
                } else {
                    merge(l, e);
                }
                if (--pending[0] == 0) {
                    List<KBuckets.Contact> best = l.closest(1);
                    boolean progress = bestBefore == null || (!best.isEmpty()
                            && KBuckets.compare(l.key, best.get(0).key(), bestBefore) < 0);
                    boolean allAsked = l.closest(K).stream().allMatch(x -> l.asked.contains(x.peer().id()));
                    if (allAsked || (!progress && l.rounds > 1 && (!l.values || !l.recs.isEmpty()))) {
                        l.done.complete(l);
                    } else {
                        round(l);
                    }
                }
            });
        }
    }

    private CompletableFuture<Envelope> query(KBuckets.Contact c, Lookup l) {
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.put("key", HEX.formatHex(l.key));
        MessageType type = l.values ? MessageType.DHT_GET : MessageType.DHT_FIND;
        return o.relay.ensureLink(c.peer(), List.of()).thenCompose(pl -> {
            String id = o.newId();
            CompletableFuture<Envelope> f = o.requests.expect(id, pl.id(), OverlayConstants.REQUEST_TIMEOUT_MS);
            o.send(pl, Envelope.of(type, b).withId(id));
            return f;
        });
    }

    private void merge(Lookup l, Envelope e) {
        JsonNode peers = e.body().get("peers");
        if (peers != null) {
            Set<String> have = new HashSet<>();
            l.shortlist.forEach(c -> have.add(c.peer().id()));
            for (PeerInfo p : EnvelopeCodec.readPeers(peers)) {
                if (p.url() == null || p.id().equals(o.self.id()) || !have.add(p.id())) {
                    continue;
                }
                table.add(p);
                l.shortlist.add(new KBuckets.Contact(p, Identity.sha256(Identity.publicKeyOf(p.id()))));
            }
            l.shortlist.sort(KBuckets.byDistance(l.key));
        }
        JsonNode recs = e.body().get("recs");
        if (recs != null && l.values) {
            String keyHex = HEX.formatHex(l.key);
            long now = o.scheduler.epochMillis();
            for (JsonNode r : recs) {
                String peer = r.path("peer").textValue();
                ObjectNode old = l.recs.get(peer);
                if ((old == null || old.get("exp").asLong() < r.path("exp").asLong())
                        && DhtRecords.problem(keyHex, r, now) == null) {
                    l.recs.put(peer, (ObjectNode) r);
                }
            }
        }
    }
}

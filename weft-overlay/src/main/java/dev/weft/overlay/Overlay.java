package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One peer of the Weft overlay (docs/overlay.md): its links (the peer table), the hello handshake, message
 * dispatch and limits. Groups, routing, relaying and broadcast live in {@link Groups}, {@link Routing} and
 * {@link Relay}. Independent of I/O and of wall-clock time: links come from a transport, time from a
 * {@link Scheduler}, randomness from a {@link Random}, so tests and the simulator run it deterministically.
 *
 * <p>Threading: not thread-safe. Every method, and every transport and scheduler callback, must run on one
 * thread (a node uses one event loop).
 */
public final class Overlay {
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyz23456789";

    final OverlayConfig config;
    final PeerInfo self;
    final Scheduler scheduler;
    final Dialer dialer;
    final OverlayListener listener;
    final Random random;
    final EnvelopeCodec codec = new EnvelopeCodec();
    final Requests requests;
    final SeenIds seen = new SeenIds(OverlayConstants.SEEN_TTL_MS, OverlayConstants.SEEN_MAX);
    final Map<Link, PeerLink> links = new HashMap<>();
    final Map<String, PeerLink> peers = new HashMap<>();
    final Set<String> knownNodes = new LinkedHashSet<>();
    final Groups groups;
    final Routing routing;
    final Relay relay;
    final Handshake handshake;
    final PeerScore score;
    final Broadcast broadcast;
    final Census census;
    final Dht dht;
    private Scheduler.Cancellable maintainTimer;
    private boolean closed;
    private int dialRotation;
    private long lastNodeDial = Long.MIN_VALUE / 2;

    public Overlay(OverlayConfig config, Scheduler scheduler, Dialer dialer, Random random, OverlayListener listener) {
        this.config = config;
        this.self = config.self();
        this.scheduler = scheduler;
        this.dialer = dialer;
        this.random = random;
        this.listener = listener;
        this.requests = new Requests(scheduler);
        this.groups = new Groups(this);
        this.routing = new Routing(this);
        this.relay = new Relay(this);
        this.handshake = new Handshake(this);
        this.score = new PeerScore(this);
        this.broadcast = new Broadcast(this);
        this.census = new Census(this);
        this.dht = new Dht(this);
        config.bootstrap().forEach(this::addKnown);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Joins "/": dials the bootstrap nodes and starts maintenance. */
    public void start() {
        for (String url : config.bootstrap()) {
            dialer.dial(url);
        }
        maintainTimer = scheduler.schedule(OverlayConstants.MAINTAIN_EVERY_MS, this::maintainTick);
    }

    /** Leaves every group and closes every link. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (maintainTimer != null) {
            maintainTimer.cancel();
        }
        for (PeerLink pl : new ArrayList<>(links.values())) {
            pl.link.close();
        }
    }

    public PeerInfo self() {
        return self;
    }

    public boolean closed() {
        return closed;
    }

    // ---------------------------------------------------------------- application API

    /** Joins (or creates) a group; completes when this peer is a member (with a neighbour, or alone). */
    public CompletableFuture<Void> join(String group) {
        return groups.join(group);
    }

    public void leave(String group) {
        groups.leave(group);
    }

    /** Broadcasts to every member of {@code group} (each gets it once). Returns the message id. */
    public String broadcast(String group, String term, JsonNode payload) throws OverlayException {
        return groups.broadcast(group, term, payload);
    }

    /** This peer's neighbours in a group (empty when not a member). */
    public List<String> neighbors(String group) {
        return groups.neighbors(group);
    }

    public List<String> groupNames() {
        return groups.names();
    }

    public boolean isMember(String group) {
        return groups.isMember(group);
    }

    /** The linked peers. */
    public List<PeerInfo> linkedPeers() {
        List<PeerInfo> out = new ArrayList<>();
        for (PeerLink pl : links.values()) {
            if (pl.ready()) {
                out.add(pl.peer);
            }
        }
        return out;
    }

    public List<String> knownNodes() {
        return List.copyOf(knownNodes);
    }

    /** Adds a node URL to the known list (e.g. loaded from a file). */
    public void addKnown(String url) {
        if (EnvelopeCodec.isValidUrl(url) && !url.equals(self.url()) && !knownNodes.contains(url)
                && knownNodes.size() < OverlayConstants.MAX_KNOWN_NODES) {
            knownNodes.add(url);
            listener.onKnownNodesChanged(knownNodes());
        }
    }

    public void forget(String url) {
        if (knownNodes.remove(url)) {
            listener.onKnownNodesChanged(knownNodes());
        }
    }

    /** Links to a peer: directly to a node, else through the given route (ids of the hops ending with it). */
    public CompletableFuture<PeerInfo> connect(PeerInfo target, List<String> route) {
        return relay.ensureLink(target, route).thenApply(pl -> pl.peer);
    }

    /** Sends a signal of {@code kind} to {@code to} along {@code route} (hop ids ending with {@code to}). */
    public void signal(String to, List<String> route, ObjectNode body) {
        relay.send(to, route, body);
    }

    /** Registers the handler of signals addressed to this peer (e.g. a browser's WebRTC). */
    public void onSignal(Relay.SignalHandler handler) {
        relay.handler = handler;
    }

    /** A route to the peer {@code id}: hops from a linked peer to it; empty if none was found. */
    public CompletableFuture<List<PeerInfo>> findPeer(String id) {
        return routing.findPeer(id);
    }

    /** Registers how this peer opens links to peers without a URL (a relayed handshake). */
    public void connector(Relay.PeerConnector connector) {
        relay.connector = connector;
    }

    public Relay relay() {
        return relay;
    }

    /** Whether this peer could take one more link now. */
    public boolean hasRoomForLink() {
        return links.size() < config.maxLinks();
    }

    // ---------------------------------------------------------------- transport callbacks

    public void linkOpened(Link link) {
        if (closed) {
            link.close();
            return;
        }
        PeerLink pl = new PeerLink(link, scheduler.now());
        links.put(link, pl);
        String addr = link.remoteAddress();
        if (score.addressBanned(addr)) {
            refuse(pl, ErrorCode.BANNED, "this address is banned for a while");
            return;
        }
        if (addr != null && score.linksFrom(addr) > config.maxLinksPerAddress()) {
            refuse(pl, ErrorCode.OVERLAY_FULL, "at most " + config.maxLinksPerAddress() + " links from one address");
            return;
        }
        pl.helloTimer = scheduler.schedule(OverlayConstants.LINK_TIMEOUT_MS, () -> {
            if (!pl.ready() && links.get(link) == pl) {
                if (pl.claimed == null) {
                    refuse(pl, ErrorCode.HELLO_REQUIRED, "no hello within " + OverlayConstants.LINK_TIMEOUT_MS + " ms");
                } else {
                    refuse(pl, ErrorCode.AUTH_REQUIRED, "no auth within " + OverlayConstants.LINK_TIMEOUT_MS + " ms");
                }
            }
        });
        if (link.outbound()) {
            handshake.sendHello(pl);
        }
    }

    public void dialFailed(String url, String reason) {
        relay.dialFailed(url, reason);
    }

    public void linkClosed(Link link) {
        PeerLink pl = links.remove(link);
        if (pl == null) {
            return;
        }
        if (pl.helloTimer != null) {
            pl.helloTimer.cancel();
        }
        if (pl.ready() && peers.get(pl.peer.id()) == pl) {
            peers.remove(pl.peer.id());
            requests.linkLost(pl.peer.id());
            groups.linkLost(pl);
            relay.linkLost(pl.peer.id());
        }
    }

    /** One message from a link. Never throws: bad input is answered with an error. */
    public void received(Link link, String text) {
        PeerLink pl = links.get(link);
        if (pl == null || closed) {
            return;
        }
        long now = scheduler.now();
        if (!pl.tryAcquire(now)) {
            if (pl.ready() && score.penalize(pl, OverlayConstants.PENALTY_RATE, "over the rate limit")) {
                return;
            }
            if (pl.tokens < -OverlayConstants.RATE_PER_SECOND * 2.0) {
                refuse(pl, ErrorCode.RATE_LIMITED, "far over " + OverlayConstants.RATE_PER_SECOND + " messages per second");
            } else if (now - pl.lastRateError >= 1000) {
                pl.lastRateError = now;
                sendError(pl, null, ErrorCode.RATE_LIMITED, "at most " + OverlayConstants.RATE_PER_SECOND + " messages per second");
            }
            pl.tokens -= 1;
            return;
        }
        Envelope e;
        try {
            e = codec.decode(text);
        } catch (OverlayException ex) {
            boolean large = ex.code() == ErrorCode.MESSAGE_TOO_LARGE;
            if (pl.ready() && score.penalize(pl, large ? OverlayConstants.PENALTY_OVERSIZED
                    : OverlayConstants.PENALTY_INVALID, ex.getMessage())) {
                return;
            }
            if (large || ++pl.errors > 100) {
                refuse(pl, ex.code(), ex.getMessage());
            } else {
                sendError(pl, null, ex.code(), ex.getMessage());
            }
            return;
        }
        try {
            dispatch(pl, e);
        } catch (OverlayException ex) {
            sendError(pl, e.id(), ex.code(), ex.getMessage());
        } catch (RuntimeException ex) {
            sendError(pl, e.id(), ErrorCode.INTERNAL_ERROR, "the peer failed to handle " + e.type().wire());
        }
    }

    private void dispatch(PeerLink pl, Envelope e) throws OverlayException {
        if (!pl.ready()) {
            handshake.received(pl, e);
            return;
        }
        pl.idleSince = scheduler.now();
        switch (e.type()) {
            case HELLO, AUTH -> throw new OverlayException(ErrorCode.INVALID_MESSAGE, e.type().wire() + " was already received on this link");
            case ERROR -> {
                if (e.re() == null || !requests.answer(pl.id(), e)) {
                    relay.errorReceived(pl, e);
                }
            }
            case ROUTE_OK, ROUTE_NONE -> routing.answer(pl, e);
            case JOINED, MEMBERS_OK -> {
                if (!requests.answer(pl.id(), e)) {
                    unsolicited(pl, e);
                }
            }
            case JOIN -> groups.onJoin(pl, e);
            case LEAVE -> groups.onLeave(pl, e);
            case MEMBERS -> groups.onMembers(pl, e);
            case ROUTE -> routing.onRoute(pl, e);
            case SIGNAL -> {
                if (checkSignature(pl, e)) {
                    relay.onSignal(pl, e);
                }
            }
            case BCAST, IHAVE, GRAFT, PRUNE -> groups.onGossip(pl, e);
            case DHT_FIND, DHT_GET, DHT_PUT -> dht.onRequest(pl, e);
            case DHT_NODES, DHT_VALS, DHT_OK -> {
                if (!requests.answer(pl.id(), e)) {
                    unsolicited(pl, e);
                }
            }
            default -> throw new OverlayException(ErrorCode.UNKNOWN_TYPE, "unexpected " + e.type().wire());
        }
    }

    /** An answer nobody asked for (an unknown or foreign {@code re}): a small penalty. */
    void unsolicited(PeerLink pl, Envelope e) {
        score.penalize(pl, OverlayConstants.PENALTY_UNSOLICITED, "unsolicited " + e.type().wire());
    }

    /**
     * Checks a signed message's signature by its origin (docs/overlay.md, "Signed messages"). A bad one is
     * dropped, answered with {@code BAD_SIGNATURE} and costs the link's peer (which forwarded or forged it).
     */
    boolean checkSignature(PeerLink pl, Envelope e) {
        if (Signatures.verify(e)) {
            return true;
        }
        if (!score.penalize(pl, OverlayConstants.PENALTY_BAD_SIGNATURE, "bad signature on " + e.type().wire())) {
            sendError(pl, e.id(), ErrorCode.BAD_SIGNATURE, e.type().wire() + " " + e.id()
                    + ": the signature of " + e.from() + " is missing or does not verify; dropped");
        }
        listener.onDropped(e.type().wire(), e.from(), pl.id(), "bad signature");
        return false;
    }

    /** Hello and auth are done: the link is ready (docs/overlay.md, "Links"). */
    void linkAuthenticated(PeerLink pl, PeerInfo peer, JsonNode nodes) {
        PeerLink existing = peers.get(peer.id());
        pl.peer = peer;
        if (existing != null) {
            // One link per peer pair. Of two simultaneous links, both sides keep the one dialed by the
            // smaller id (seed bug 10 rejected both); a reconnect by the same dialer replaces the stale one.
            boolean keepNew = !pl.dialerId(self.id()).equals(existing.dialerId(self.id()))
                    ? pl.dialerId(self.id()).compareTo(existing.dialerId(self.id())) < 0
                    : true;
            PeerLink loser = keepNew ? existing : pl;
            PeerLink winner = keepNew ? pl : existing;
            if (!keepNew) {
                sendError(pl, null, ErrorCode.DUPLICATE_LINK, "these peers are already linked; keeping the other link");
                links.remove(pl.link);
                pl.helloTimer.cancel();
                pl.link.close();
                relay.linkReady(winner);
                return;
            }
            winner.groups.addAll(loser.groups);
            loser.groups.clear();
            links.remove(loser.link);
            peers.remove(peer.id());
            sendError(loser, null, ErrorCode.DUPLICATE_LINK, "replaced by a newer link between the same peers");
            loser.link.close();
        }
        pl.helloTimer.cancel();
        pl.helloNodes = null;
        peers.put(peer.id(), pl);
        if (peer.url() != null) {
            addKnown(peer.url());
        }
        // A node learns node URLs only from nodes: a browser cannot make it dial arbitrary addresses.
        if (nodes != null && (peer.kind() == PeerKind.NODE || self.kind() != PeerKind.NODE)) {
            nodes.forEach(n -> addKnown(n.textValue()));
        }
        relay.linkReady(pl);
        dht.linkReady(pl);
        groups.kick();
    }

    // ---------------------------------------------------------------- helpers for the parts

    String newId() {
        StringBuilder sb = new StringBuilder(16);
        for (int i = 0; i < 16; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    void send(PeerLink pl, Envelope e) {
        pl.link.send(codec.encode(e));
    }

    void sendError(PeerLink pl, String re, ErrorCode code, String message) {
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.put("code", code.name());
        b.put("message", message);
        send(pl, Envelope.of(MessageType.ERROR, b).withRe(re));
    }

    /** Sends an error and closes the link. */
    void refuse(PeerLink pl, ErrorCode code, String message) {
        sendError(pl, null, code, message);
        pl.link.close();
    }

    PeerLink linked(String peerId) {
        return peerId == null ? null : peers.get(peerId);
    }

    Collection<PeerLink> readyLinks() {
        return peers.values();
    }

    private void maintainTick() {
        if (closed) {
            return;
        }
        groups.maintain();
        maintainRoot();
        score.expire();
        dht.tick();
        maintainTimer = scheduler.schedule(OverlayConstants.MAINTAIN_EVERY_MS, this::maintainTick);
    }

    /** Keeps this peer in "/": a peer without any link to a node dials the next known node. */
    private void maintainRoot() {
        // A node keeps trying to reach another node; anyone else only when it has no link at all (a browser
        // linked to browsers is still in the network: it may close its WebSocket).
        boolean nodeLinked = peers.values().stream().anyMatch(p -> p.peer.kind() == PeerKind.NODE);
        // Issue 5: a browser linked only to browsers could form an island of its own in "/", out of reach
        // of the DHT; while it is in a group it re-links to a known node every 5 s until it has one.
        boolean connected = self.kind() == PeerKind.NODE ? nodeLinked
                : !peers.isEmpty() && (nodeLinked || groups.names().isEmpty() || scheduler.now() - lastNodeDial < 5_000);
        if (!connected && !peers.isEmpty()) {
            lastNodeDial = scheduler.now();
        }
        if (connected || knownNodes.isEmpty() || relay.dialing()) {
            return;
        }
        List<String> list = new ArrayList<>(knownNodes);
        String url = list.get(Math.floorMod(dialRotation++, list.size()));
        relay.dialKnown(url);
    }

    /** DHT records this peer stores (nodes; 0 elsewhere). */
    public int dhtSize() {
        return dht.size();
    }

    /** DHT contacts in this peer's routing table (nodes). */
    public int dhtContacts() {
        return dht.table.size();
    }

    /** A picture of this peer's state for {@code GET /api/network} and tests. */
    public Snapshot snapshot() {
        Map<String, List<String>> byGroup = new java.util.TreeMap<>();
        byGroup.put(OverlayConstants.ROOT, new ArrayList<>(peers.keySet()));
        for (String g : groups.names()) {
            byGroup.put(g, groups.neighbors(g));
        }
        return new Snapshot(self, byGroup, linkedPeers(), knownNodes(), dht.size());
    }

    /** See {@link #snapshot()}. */
    public record Snapshot(PeerInfo self, Map<String, List<String>> neighbors, List<PeerInfo> links,
                           List<String> knownNodes, int dhtSize) {
    }
}

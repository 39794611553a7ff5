package dev.weft.overlay.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.overlay.EnvelopeCodec;
import dev.weft.overlay.Identity;
import dev.weft.overlay.Link;
import dev.weft.overlay.Overlay;
import dev.weft.overlay.OverlayConfig;
import dev.weft.overlay.OverlayListener;
import dev.weft.overlay.PeerInfo;
import dev.weft.overlay.PeerKind;
import dev.weft.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An in-memory transport for many overlay peers on one {@link ManualScheduler}: nodes are dialed by URL
 * ({@code mem://}-style {@code ws://id.mem/overlay}), other peers link through a relayed handshake (signal
 * kind {@code pipe-offer}, answered by {@code pipe-answer} or {@code reject}), standing in for WebRTC.
 * Every message takes {@link #latencyMs} of virtual time. Used by the overlay's tests and the simulator.
 */
public final class MemoryNetwork {
    public final ManualScheduler clock = new ManualScheduler();
    public long latencyMs = 1;
    /** Messages delivered, by type (the text's "type" field): the simulator counts bcast copies with it. */
    public final Map<String, Long> delivered = new HashMap<>();
    /** Whether to count {@link #delivered} (costs a little per message). */
    public boolean countTypes;
    private final Random random;
    private final Map<String, Overlay> byUrl = new HashMap<>();
    private final Map<String, Overlay> byId = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, String> ids = new HashMap<>();
    private final Map<String, Identity> identities = new HashMap<>();
    private final List<Pipe> pipes = new ArrayList<>();

    public MemoryNetwork(long seed) {
        this.random = new Random(seed);
    }

    public static String urlOf(String nodeId) {
        return "ws://" + nodeId + ".mem/overlay";
    }

    /**
     * Adds and starts a peer named {@code name}: its identity is {@link Identity#forName}{@code (name)}, so its
     * id is {@link #id}{@code (name)}; a node gets the URL {@link #urlOf}{@code (name)}.
     */
    public Overlay add(String name, PeerKind kind, List<String> bootstrap, OverlayListener listener) {
        Identity identity = identities.computeIfAbsent(name, Identity::forName);
        return add(OverlayConfig.forPeer(identity, kind, kind == PeerKind.NODE ? urlOf(name) : null, bootstrap), name,
                listener);
    }

    /** Adds and starts a peer with the given configuration. */
    public Overlay add(OverlayConfig config, String name, OverlayListener listener) {
        PeerInfo self = config.self();
        String id = self.id();
        Overlay[] holder = new Overlay[1];
        Overlay o = new Overlay(config, clock, url -> dial(holder[0], url), new Random(random.nextLong()), listener);
        holder[0] = o;
        names.put(id, name);
        ids.put(name, id);
        byId.put(id, o);
        if (self.url() != null) {
            byUrl.put(self.url(), o);
        }
        o.connector((target, route) -> {
            ObjectNode b = EnvelopeCodec.NODES.objectNode();
            b.put("kind", "pipe-offer");
            o.signal(target.id(), route, b);
        });
        o.onSignal((from, back, body) -> onSignal(o, from, back, body));
        o.start();
        return o;
    }

    /** The peer named {@code name} (or with that id). */
    public Overlay peer(String name) {
        Overlay o = byId.get(ids.getOrDefault(name, name));
        return o;
    }

    /** The id of the peer named {@code name} (its key-derived id). */
    public String id(String name) {
        String id = ids.get(name);
        return id != null ? id : identities.computeIfAbsent(name, Identity::forName).id();
    }

    /** The name a peer was added with, from its id (the id itself if unknown). */
    public String name(String id) {
        return names.getOrDefault(id, id);
    }

    /** The identity used for {@code name}. */
    public Identity identity(String name) {
        return identities.computeIfAbsent(name, Identity::forName);
    }

    private void onSignal(Overlay at, String from, List<String> back, ObjectNode body) {
        switch (body.path("kind").asText()) {
            case "pipe-offer" -> {
                ObjectNode b = EnvelopeCodec.NODES.objectNode();
                Overlay other = byId.get(from);
                if (!at.hasRoomForLink() || other == null || other.closed()) {
                    b.put("kind", "reject");
                    b.put("code", ErrorCode.OVERLAY_FULL.name());
                    b.put("message", "full");
                    b.put("target", at.self().id());
                    at.signal(from, back, b);
                    return;
                }
                b.put("kind", "pipe-answer");
                at.signal(from, back, b);
            }
            case "pipe-answer" -> {
                Overlay other = byId.get(from);
                if (other != null && !other.closed()) {
                    connect(at, other);
                }
            }
            default -> {
            }
        }
    }

    private void dial(Overlay from, String url) {
        Overlay to = byUrl.get(url);
        clock.schedule(latencyMs, () -> {
            if (to == null || to.closed()) {
                from.dialFailed(url, "connection refused");
            } else {
                connect(from, to, url);
            }
        });
    }

    private void connect(Overlay a, Overlay b) {
        connect(a, b, null);
    }

    private void connect(Overlay dialer, Overlay acceptor, String url) {
        Pipe p = new Pipe();
        p.a = new End(p, dialer, true, url);
        p.b = new End(p, acceptor, false, null);
        pipes.add(p);
        acceptor.linkOpened(p.b);
        dialer.linkOpened(p.a);
    }

    /** Kills a peer: every pipe it has breaks (the others see their links close). */
    public void kill(String name) {
        Overlay o = byId.remove(ids.getOrDefault(name, name));
        if (o == null) {
            return;
        }
        if (o.self().url() != null) {
            byUrl.remove(o.self().url());
        }
        for (Pipe p : new ArrayList<>(pipes)) {
            if (p.a.owner == o || p.b.owner == o) {
                p.a.close();
            }
        }
        o.close();
    }

    /** Closes every link between {@code id} and nodes (a browser closing its WebSockets). */
    public void dropNodeLinks(String name) {
        Overlay o = byId.get(ids.getOrDefault(name, name));
        for (Pipe p : new ArrayList<>(pipes)) {
            End mine = p.a.owner == o ? p.a : p.b.owner == o ? p.b : null;
            End other = mine == p.a ? p.b : p.a;
            if (mine != null && other.owner.self().kind() == PeerKind.NODE) {
                mine.close();
            }
        }
    }

    /** Closes every link between a peer of {@code a} and a peer of {@code b} (ids): a network split. */
    public int cut(java.util.Collection<String> a, java.util.Collection<String> b) {
        java.util.Set<String> sa = new java.util.HashSet<>(a);
        java.util.Set<String> sb = new java.util.HashSet<>(b);
        int n = 0;
        for (Pipe p : new ArrayList<>(pipes)) {
            String x = p.a.owner.self().id();
            String y = p.b.owner.self().id();
            if ((sa.contains(x) && sb.contains(y)) || (sb.contains(x) && sa.contains(y))) {
                p.a.close();
                n++;
            }
        }
        return n;
    }

    /** All live peers. */
    public java.util.Collection<Overlay> peers() {
        return byId.values();
    }

    private static final class Pipe {
        End a;
        End b;
        boolean closed;
    }

    private final class End implements Link {
        final Pipe pipe;
        final Overlay owner;
        final boolean outbound;
        final String url;

        End(Pipe pipe, Overlay owner, boolean outbound, String url) {
            this.pipe = pipe;
            this.owner = owner;
            this.outbound = outbound;
            this.url = url;
        }

        End other() {
            return pipe.a == this ? pipe.b : pipe.a;
        }

        @Override
        public void send(String text) {
            if (pipe.closed) {
                return;
            }
            End to = other();
            clock.schedule(latencyMs, () -> {
                if (!pipe.closed) {
                    if (countTypes) {
                        int i = text.indexOf('"', 9);
                        delivered.merge(i > 9 ? text.substring(9, i) : "?", 1L, Long::sum);
                    }
                    to.owner.received(to, text);
                }
            });
        }

        @Override
        public void close() {
            if (pipe.closed) {
                return;
            }
            pipe.closed = true;
            pipes.remove(pipe);
            End to = other();
            clock.schedule(0, () -> owner.linkClosed(this));
            clock.schedule(latencyMs, () -> to.owner.linkClosed(to));
        }

        @Override
        public boolean outbound() {
            return outbound;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public String describe() {
            return (outbound ? "to " : "from ") + other().owner.self().id();
        }
    }
}

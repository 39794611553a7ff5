package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Making links and relaying signals (docs/overlay.md, "Linking" and "Relayed signaling"). A node is dialed
 * directly by URL; a browser is reached by a {@code signal} that travels hop by hop along an overlay route
 * (the route's peers do not link to each other first: multi-hop signaling). A node invites a browser to dial
 * it; browsers answer a relayed WebRTC offer. A signal that cannot go on is answered to its origin with a
 * {@code reject} signal carrying {@code ROUTE_BROKEN} (seed bug 6: rejections must reach the requester).
 */
public final class Relay {
    /** Receives the signals addressed to this peer that the overlay itself does not handle (WebRTC). */
    @FunctionalInterface
    public interface SignalHandler {
        void onSignal(String from, List<String> replyRoute, ObjectNode body);
    }

    private final Overlay o;
    private final Map<String, List<CompletableFuture<PeerLink>>> waitingById = new HashMap<>();
    private final Map<String, List<CompletableFuture<PeerLink>>> waitingByUrl = new HashMap<>();
    private final Map<String, Long> dialing = new HashMap<>();
    SignalHandler handler;
    PeerConnector connector;

    /** Opens a link to a peer without a URL through a relayed handshake (WebRTC in browsers, pipes in tests). */
    @FunctionalInterface
    public interface PeerConnector {
        void connect(PeerInfo target, List<String> route);
    }

    /** Fails whoever waits for a link to {@code target} (the connector's handshake failed). */
    public void linkFailed(String target, ErrorCode code, String message) {
        fail(waitingById, target, new OverlayException(code, message));
    }

    Relay(Overlay overlay) {
        this.o = overlay;
    }

    /** A link to {@code target}: an existing one, a dial to its URL, or an invitation along {@code route}. */
    CompletableFuture<PeerLink> ensureLink(PeerInfo target, List<String> route) {
        PeerLink existing = o.linked(target.id());
        if (existing != null) {
            return CompletableFuture.completedFuture(existing);
        }
        CompletableFuture<PeerLink> f = new CompletableFuture<>();
        if (target.id().equals(o.self.id())) {
            f.completeExceptionally(new OverlayException(ErrorCode.LINK_REFUSED, "cannot link to myself"));
            return f;
        }
        boolean first = !waitingById.containsKey(target.id());
        waitingById.computeIfAbsent(target.id(), k -> new ArrayList<>()).add(f);
        o.scheduler.schedule(OverlayConstants.LINK_TIMEOUT_MS, () -> fail(waitingById, target.id(),
                new OverlayException(ErrorCode.NO_ROUTE, "no link to " + target.id() + " within "
                        + OverlayConstants.LINK_TIMEOUT_MS + " ms")));
        if (!first) {
            return f;
        }
        if (target.url() != null) {
            waitingByUrl.computeIfAbsent(target.url(), k -> new ArrayList<>()).add(f);
            dialKnown(target.url());
        } else if (o.self.kind() == PeerKind.NODE && route != null && !route.isEmpty()) {
            ObjectNode body = EnvelopeCodec.NODES.objectNode();
            body.put("kind", "invite");
            body.put("url", o.self.url());
            send(target.id(), route, body);
        } else if (connector != null && route != null && !route.isEmpty()) {
            connector.connect(target, route);
        } else {
            fail(waitingById, target.id(), new OverlayException(ErrorCode.LINK_REFUSED,
                    "a " + o.self.kind().wire() + " peer can only link to nodes; " + target.id() + " is a " + target.kind().wire()));
        }
        return f;
    }

    void dialKnown(String url) {
        if (dialing.containsKey(url)) {
            return;
        }
        dialing.put(url, o.scheduler.now());
        o.scheduler.schedule(OverlayConstants.LINK_TIMEOUT_MS, () -> dialing.remove(url));
        o.dialer.dial(url);
    }

    boolean dialing() {
        return !dialing.isEmpty();
    }

    void dialFailed(String url, String reason) {
        dialing.remove(url);
        fail(waitingByUrl, url, new OverlayException(ErrorCode.NO_ROUTE, "cannot reach " + url + ": " + reason));
    }

    /** A link said hello: whoever waited for that peer (or that URL) has it now. */
    void linkReady(PeerLink pl) {
        if (pl.link.url() != null) {
            dialing.remove(pl.link.url());
            complete(waitingByUrl.remove(pl.link.url()), pl);
        }
        if (pl.peer.url() != null) {
            complete(waitingByUrl.remove(pl.peer.url()), pl);
        }
        complete(waitingById.remove(pl.peer.id()), pl);
    }

    /** An error arrived on a link before its hello (e.g. OVERLAY_FULL): fail who waits for that URL. */
    void refusedBeforeHello(PeerLink pl, Envelope e) {
        if (pl.link.url() != null) {
            dialing.remove(pl.link.url());
            fail(waitingByUrl, pl.link.url(), new OverlayException(code(e.body()), e.body().path("message").asText()));
        }
    }

    void errorReceived(PeerLink pl, Envelope e) {
        // Errors not tied to a request: nothing waits for them. Kept for logs / issue 5's scoring.
    }

    void linkLost(String peerId) {
        o.routing.linkLost(peerId);
    }

    // ---------------------------------------------------------------- signals

    /** Sends a signal from this peer to {@code to} along {@code route} (hop ids ending with {@code to}). */
    void send(String to, List<String> route, ObjectNode body) {
        ObjectNode b = body.deepCopy();
        ArrayNode r = b.putArray("route");
        route.forEach(r::add);
        Envelope e = Signatures.sign(o.config.identity(), Envelope.of(MessageType.SIGNAL, b).withId(o.newId())
                .withRoute(o.self.id(), to).withTtl(OverlayConstants.SIGNAL_TTL));
        PeerLink next = o.linked(route.get(0));
        if (next == null) {
            next = o.linked(to);
        }
        if (next == null) {
            deliverLocalReject(to, ErrorCode.ROUTE_BROKEN, "the first hop " + route.get(0) + " is not linked");
            return;
        }
        o.send(next, e);
    }

    void onSignal(PeerLink from, Envelope e) {
        List<String> route = new ArrayList<>();
        e.body().get("route").forEach(n -> route.add(n.textValue()));
        if (e.to().equals(o.self.id())) {
            deliver(e, route);
            return;
        }
        int at = route.indexOf(o.self.id());
        String nextId = at >= 0 && at + 1 < route.size() ? route.get(at + 1) : e.to();
        PeerLink next = o.linked(nextId);
        if (next == null) {
            next = o.linked(e.to());
        }
        if (next == null || e.ttl() <= 0) {
            bounce(e, route, at);
            return;
        }
        o.send(next, e.withTtl(e.ttl() - 1));
    }

    /** Tells the origin that its signal could not go on (never for a reject: no ping-pong). */
    private void bounce(Envelope e, List<String> route, int at) {
        if ("reject".equals(e.body().path("kind").asText())) {
            return;
        }
        List<String> back = new ArrayList<>();
        for (int i = (at >= 0 ? at : route.size()) - 1; i >= 0; i--) {
            back.add(route.get(i));
        }
        back.add(e.from());
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.put("kind", "reject");
        b.put("code", ErrorCode.ROUTE_BROKEN.name());
        b.put("message", "no link from " + o.self.id() + " towards " + e.to());
        b.put("target", e.to());
        send(e.from(), back, b);
    }

    private void deliver(Envelope e, List<String> route) {
        List<String> back = new ArrayList<>();
        for (int i = route.size() - 2; i >= 0; i--) {
            back.add(route.get(i));
        }
        back.add(e.from());
        ObjectNode body = e.body().deepCopy();
        body.remove("route");
        String kind = body.path("kind").asText();
        switch (kind) {
            case "invite" -> {
                String url = body.path("url").asText(null);
                // Nodes are dialed, they are not invited: a node never dials a URL a signal hands it.
                if (url != null && EnvelopeCodec.isValidUrl(url) && o.self.kind() != PeerKind.NODE) {
                    o.addKnown(url);
                    dialKnown(url);
                }
            }
            case "reject" -> {
                String target = body.path("target").asText(e.from());
                OverlayException ex = new OverlayException(code(body), body.path("message").asText("refused"));
                fail(waitingById, target, ex);
                if (handler != null) {
                    handler.onSignal(e.from(), back, body);
                }
            }
            default -> {
                if (handler != null) {
                    handler.onSignal(e.from(), back, body);
                } else {
                    ObjectNode b = EnvelopeCodec.NODES.objectNode();
                    b.put("kind", "reject");
                    b.put("code", ErrorCode.LINK_REFUSED.name());
                    b.put("message", o.self.id() + " (a " + o.self.kind().wire() + ") does not take " + kind + " signals");
                    b.put("target", o.self.id());
                    send(e.from(), back, b);
                }
            }
        }
    }

    private void deliverLocalReject(String target, ErrorCode code, String message) {
        fail(waitingById, target, new OverlayException(code, message));
        if (handler != null) {
            ObjectNode b = EnvelopeCodec.NODES.objectNode();
            b.put("kind", "reject");
            b.put("code", code.name());
            b.put("message", message);
            b.put("target", target);
            handler.onSignal(target, List.of(), b);
        }
    }

    static ErrorCode code(JsonNode body) {
        try {
            return ErrorCode.valueOf(body.path("code").asText());
        } catch (IllegalArgumentException e) {
            return ErrorCode.LINK_REFUSED;
        }
    }

    private static void complete(List<CompletableFuture<PeerLink>> list, PeerLink pl) {
        if (list != null) {
            list.forEach(f -> f.complete(pl));
        }
    }

    private static void fail(Map<String, List<CompletableFuture<PeerLink>>> map, String key, Throwable t) {
        List<CompletableFuture<PeerLink>> list = map.remove(key);
        if (list != null) {
            list.forEach(f -> f.completeExceptionally(t));
        }
    }
}

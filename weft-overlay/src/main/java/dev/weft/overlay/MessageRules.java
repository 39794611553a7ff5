package dev.weft.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.regex.Pattern;

/** Which fields each message type needs, and their limits (docs/overlay.md, "Messages"). */
final class MessageRules {
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{22}");
    private MessageRules() {
    }

    static void check(Envelope e) throws OverlayException {
        ObjectNode b = e.body();
        switch (e.type()) {
            case HELLO -> {
                need(b != null, "hello needs a body {id, kind, url?, nonce, nodes?}");
                EnvelopeCodec.checkPeer(b, "body");
                String nonce = text(b, "nonce");
                need(nonce != null && NONCE.matcher(nonce).matches(), "body.nonce must be 16 random bytes in base64url (22 characters)");
                JsonNode nodes = b.get("nodes");
                if (nodes != null) {
                    need(nodes.isArray() && nodes.size() <= OverlayConstants.MAX_KNOWN_NODES,
                            "body.nodes must be an array of at most " + OverlayConstants.MAX_KNOWN_NODES + " URLs");
                    for (JsonNode n : nodes) {
                        need(n.isTextual() && EnvelopeCodec.isValidUrl(n.textValue()), "body.nodes must hold ws:// or wss:// URLs");
                    }
                }
            }
            case AUTH -> {
                String sig = b == null ? null : text(b, "sig");
                need(sig != null && sig.length() == 86, "auth needs body.sig: an Ed25519 signature in base64url (86 characters)");
            }
            case ERROR -> {
                need(b != null, "error needs a body {code, message}");
                EnvelopeCodec.text(b, "code", true);
                String m = EnvelopeCodec.text(b, "message", false);
                need(m == null || m.length() <= 1024, "body.message may be at most 1024 characters");
            }
            case JOIN, LEAVE, MEMBERS -> {
                need(e.group() != null && !e.group().equals(OverlayConstants.ROOT),
                        e.type().wire() + " needs a group other than \"/\"");
                need(e.type() == MessageType.LEAVE || e.id() != null, e.type().wire() + " needs an id");
            }
            case JOINED, ROUTE_NONE -> need(e.re() != null, e.type().wire() + " needs re");
            case ROUTE -> {
                need(e.id() != null && e.ttl() >= 0 && e.ttl() <= OverlayConstants.ROUTE_TTL,
                        "route needs an id and a ttl of 0-" + OverlayConstants.ROUTE_TTL);
                need(OverlayConstants.ROOT.equals(e.group()), "route travels in group \"/\"");
                boolean group = b != null && EnvelopeCodec.isValidGroup(text(b, "group")) && !"/".equals(text(b, "group"));
                boolean peer = b != null && text(b, "peer") != null && Identity.isValidId(text(b, "peer"));
                need(group != peer, "route needs body.group (a group to find) or body.peer (a peer id), not both");
            }
            case ROUTE_OK -> {
                need(e.re() != null && b != null, "route-ok needs re and body.route");
                JsonNode r = b.get("route");
                need(r != null && r.isArray() && r.size() >= 1 && r.size() <= OverlayConstants.ROUTE_TTL + 1,
                        "body.route must list 1-" + (OverlayConstants.ROUTE_TTL + 1) + " peers");
                for (JsonNode p : r) {
                    EnvelopeCodec.checkPeer(p, "body.route[]");
                }
            }
            case MEMBERS_OK -> {
                need(e.re() != null && b != null, "members-ok needs re and body.peers");
                JsonNode r = b.get("peers");
                need(r != null && r.isArray() && r.size() <= OverlayConstants.MAX_MEMBERS,
                        "body.peers must list at most " + OverlayConstants.MAX_MEMBERS + " peers");
                for (JsonNode p : r) {
                    EnvelopeCodec.checkPeer(p, "body.peers[]");
                }
            }
            case SIGNAL -> {
                need(e.id() != null && e.from() != null && e.to() != null && e.ttl() >= 0,
                        "signal needs id, from, to and ttl");
                String target = text(b, "target");
                if (b != null && b.has("target") && !Identity.isValidId(target)) {
                    throw new OverlayException(ErrorCode.INVALID_ID, "body.target must be a peer id");
                }
                need(b != null && b.get("kind") != null && b.get("kind").isTextual()
                        && b.get("kind").textValue().length() <= 32, "signal needs body.kind");
                JsonNode r = b.get("route");
                need(r != null && r.isArray() && r.size() >= 1 && r.size() <= OverlayConstants.SIGNAL_TTL,
                        "body.route must list 1-" + OverlayConstants.SIGNAL_TTL + " peer ids");
                for (JsonNode p : r) {
                    if (!p.isTextual() || !Identity.isValidId(p.textValue())) {
                        throw new OverlayException(ErrorCode.INVALID_ID, "body.route must hold peer ids");
                    }
                }
            }
            case BCAST -> {
                need(e.id() != null && e.from() != null && e.group() != null, "bcast needs id, from and group");
                need(b != null && EnvelopeCodec.isValidTerm(text(b, "term")),
                        "bcast needs body.term: 1-64 of [A-Za-z0-9_.:/-]");
            }
            case IHAVE, GRAFT -> {
                need(e.group() != null && !OverlayConstants.ROOT.equals(e.group()) && b != null,
                        e.type().wire() + " needs a group and body.ids");
                JsonNode ids = b.get("ids");
                need(ids != null && ids.isArray() && ids.size() >= 1 && ids.size() <= Broadcast.MAX_IDS,
                        "body.ids must list 1-" + Broadcast.MAX_IDS + " message ids");
                for (JsonNode id : ids) {
                    need(id.isTextual() && EnvelopeCodec.isValidMessageId(id.textValue()), "body.ids must hold message ids");
                }
            }
            case PRUNE -> need(e.group() != null && !OverlayConstants.ROOT.equals(e.group()), "prune needs a group");
            case DHT_FIND, DHT_GET, DHT_PUT, DHT_NODES, DHT_VALS, DHT_OK -> DhtRules.check(e);
            default -> {
            }
        }
    }

    private static String text(JsonNode b, String name) {
        JsonNode n = b.get(name);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static void need(boolean ok, String rule) throws OverlayException {
        if (!ok) {
            throw EnvelopeCodec.invalid(rule);
        }
    }
}

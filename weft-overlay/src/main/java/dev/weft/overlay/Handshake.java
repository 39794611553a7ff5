package dev.weft.overlay;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.protocol.ErrorCode;
import java.util.Base64;

/**
 * The start of every link (docs/overlay.md, "Links: hello and auth"): both sides send {@code hello} with a
 * fresh nonce (the dialer first), then each signs the other's nonce in {@code auth}, proving it holds the key
 * of the id it claimed. Only then is the link ready; anything else before that is refused
 * ({@code HELLO_REQUIRED} / {@code AUTH_REQUIRED}), a bad signature is {@code AUTH_FAILED}.
 */
final class Handshake {
    private final Overlay o;

    Handshake(Overlay overlay) {
        this.o = overlay;
    }

    void sendHello(PeerLink pl) {
        byte[] nonce = new byte[OverlayConstants.NONCE_BYTES];
        o.random.nextBytes(nonce);
        pl.myNonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
        pl.helloSent = true;
        ObjectNode b = EnvelopeCodec.peer(o.self);
        b.put("nonce", pl.myNonce);
        ArrayNode nodes = b.putArray("nodes");
        o.knownNodes.forEach(nodes::add);
        o.send(pl, Envelope.of(MessageType.HELLO, b));
    }

    /** A message on a link that is not ready yet. */
    void received(PeerLink pl, Envelope e) {
        switch (e.type()) {
            case ERROR -> {
                o.relay.refusedBeforeHello(pl, e);
                pl.link.close();
            }
            case HELLO -> {
                if (pl.claimed != null) {
                    o.refuse(pl, ErrorCode.INVALID_MESSAGE, "hello was already received on this link");
                } else {
                    onHello(pl, e);
                }
            }
            case AUTH -> {
                if (pl.claimed == null) {
                    o.refuse(pl, ErrorCode.HELLO_REQUIRED, "the first message on a link must be hello");
                } else {
                    onAuth(pl, e);
                }
            }
            default -> {
                if (pl.claimed == null) {
                    o.refuse(pl, ErrorCode.HELLO_REQUIRED, "the first message on a link must be hello");
                } else {
                    o.refuse(pl, ErrorCode.AUTH_REQUIRED, "auth must follow hello before any other message");
                }
            }
        }
    }

    private void onHello(PeerLink pl, Envelope e) {
        PeerInfo peer = EnvelopeCodec.readPeer(e.body());
        if (peer.id().equals(o.self.id())) {
            o.refuse(pl, ErrorCode.LINK_REFUSED, "this is a link to myself");
            if (pl.link.url() != null) {
                o.forget(pl.link.url());
            }
            return;
        }
        if (o.score.idBanned(peer.id())) {
            o.refuse(pl, ErrorCode.BANNED, "this peer id is banned for a while");
            return;
        }
        if (peer.kind() == PeerKind.NODE && peer.url() == null) {
            peer = new PeerInfo(peer.id(), peer.kind(), pl.link.url());
        }
        if (!pl.link.outbound() && o.links.size() > o.config.maxLinks()) {
            o.refuse(pl, ErrorCode.OVERLAY_FULL, "this peer keeps at most " + o.config.maxLinks() + " links");
            return;
        }
        pl.claimed = peer;
        pl.theirNonce = e.body().get("nonce").textValue();
        pl.helloNodes = e.body().get("nodes");
        if (!pl.helloSent) {
            sendHello(pl);
        }
        ObjectNode b = EnvelopeCodec.NODES.objectNode();
        b.put("sig", o.config.identity().sign(Signatures.authText(pl.theirNonce, o.self.id(), peer.id())));
        o.send(pl, Envelope.of(MessageType.AUTH, b));
    }

    private void onAuth(PeerLink pl, Envelope e) {
        String sig = e.body().get("sig").textValue();
        if (!Identity.verify(pl.claimed.id(), Signatures.authText(pl.myNonce, pl.claimed.id(), o.self.id()), sig)) {
            // The claimed id is not proven, so it is not banned (anyone could claim a victim's id); the
            // address is (nodes).
            o.score.banAddress(pl);
            o.refuse(pl, ErrorCode.AUTH_FAILED, "auth does not verify with the key of " + pl.claimed.id());
            return;
        }
        o.linkAuthenticated(pl, pl.claimed, pl.helloNodes);
    }
}

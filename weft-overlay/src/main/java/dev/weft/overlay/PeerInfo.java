package dev.weft.overlay;

import java.util.Objects;

/**
 * What the overlay knows of a peer: its id, kind and, for a node, its WebSocket URL. The id is the peer's
 * Ed25519 public key in base32 ({@link Identity}), so it also is the key that checks the peer's signatures.
 *
 * @param id   52 characters of [a-z2-7]: base32 of the raw public key
 * @param kind how to link to it
 * @param url  the node's overlay WebSocket URL (ws:// or wss://), null for other kinds
 */
public record PeerInfo(String id, PeerKind kind, String url) {
    public PeerInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
    }

    public boolean dialable() {
        return url != null;
    }
}

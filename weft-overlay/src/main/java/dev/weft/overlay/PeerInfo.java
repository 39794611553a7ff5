package dev.weft.overlay;

import java.util.Objects;

/**
 * What the overlay knows of a peer: its id, kind and, for a node, its WebSocket URL. Issue 5 adds the public
 * key here (the id will be derived from it).
 *
 * @param id   1-64 of [A-Za-z0-9_-], starting with a letter or digit
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

package dev.weft.overlay;

/** What a peer is, which decides how others link to it (seed 000's strategy matrix; docs/overlay.md). */
public enum PeerKind {
    /** A Weft node: has a WebSocket URL, so anyone dials it directly. */
    NODE("node"),
    /** A browser: reached by WebRTC with the handshake relayed, or invited to dial a node. */
    BROWSER("browser"),
    /** A program using weft-client (or weft.js in Node.js without WebRTC): only dials nodes. */
    CLIENT("client");

    private final String wire;

    PeerKind(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** The kind for a wire name, or null. */
    public static PeerKind of(String wire) {
        for (PeerKind k : values()) {
            if (k.wire.equals(wire)) {
                return k;
            }
        }
        return null;
    }
}

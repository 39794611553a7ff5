package dev.weft.protocol.peerjs;

/**
 * PeerServer 1.0.2's message types ({@code src/enums.ts}, {@code MessageType}), with their wire names.
 * OFFER, ANSWER, CANDIDATE, LEAVE and EXPIRE are forwarded to {@code dst}; HEARTBEAT keeps a client alive;
 * OPEN, ID-TAKEN and ERROR only ever come from the server.
 */
public enum PeerJsType {
    OPEN("OPEN"),
    LEAVE("LEAVE"),
    CANDIDATE("CANDIDATE"),
    OFFER("OFFER"),
    ANSWER("ANSWER"),
    EXPIRE("EXPIRE"),
    HEARTBEAT("HEARTBEAT"),
    ID_TAKEN("ID-TAKEN"),
    ERROR("ERROR");

    private final String wire;

    PeerJsType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Whether a client may send this type to be forwarded to {@code dst}. */
    public boolean relayed() {
        return this == OFFER || this == ANSWER || this == CANDIDATE || this == LEAVE || this == EXPIRE;
    }

    /**
     * Whether PeerServer queues this type for a destination that is not connected yet (everything relayed
     * except LEAVE and EXPIRE, {@code src/messageHandler/handlers/transmission/index.ts}).
     */
    public boolean queuedWhenOffline() {
        return this == OFFER || this == ANSWER || this == CANDIDATE;
    }

    /** The type for a wire name, or null. */
    public static PeerJsType fromWire(String s) {
        if (s == null) {
            return null;
        }
        for (PeerJsType t : values()) {
            if (t.wire.equals(s)) {
                return t;
            }
        }
        return null;
    }
}

package dev.weft.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The message types the node relays from one peer to another. The node reads only the envelope
 * ({@code type}, {@code to}, {@code ref}) and forwards {@code payload} as the exact bytes the sender wrote.
 */
public enum RelayType {
    OFFER("offer"),
    ANSWER("answer"),
    CANDIDATE("candidate"),
    /** Any application-defined signal (call control, renegotiation hints, app data). */
    SIGNAL("signal");

    private final String wire;
    private final byte[] framePrefix;

    RelayType(String wire) {
        this.wire = wire;
        this.framePrefix = ("{\"type\":\"" + wire + "\",\"from\":\"").getBytes(StandardCharsets.US_ASCII);
    }

    public String wire() {
        return wire;
    }

    /** {@code {"type":"<wire>","from":"} — the start of every relayed frame of this type. */
    public byte[] framePrefix() {
        return framePrefix.clone();
    }

    byte[] framePrefixUnsafe() {
        return framePrefix;
    }

    /** The relay type for a wire name, or null. */
    public static RelayType fromWire(String wire) {
        switch (wire) {
            case "offer":
                return OFFER;
            case "answer":
                return ANSWER;
            case "candidate":
                return CANDIDATE;
            case "signal":
                return SIGNAL;
            default:
                return null;
        }
    }
}

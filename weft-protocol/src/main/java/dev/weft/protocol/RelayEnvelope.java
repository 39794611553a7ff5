package dev.weft.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A relay message ({@code offer}, {@code answer}, {@code candidate}, {@code signal}) as the node handles it:
 * the type, the target id, and the payload and {@code ref} as byte ranges of the frame it was read from.
 *
 * <p>Mutable and reused: {@link EnvelopeScanner} fills one instance per frame, so reading a relay message
 * allocates nothing. Valid only while the frame's bytes are (the caller's synchronous handling of the frame);
 * whatever outlives it must be copied. {@link #ref()} makes its string only when asked (for an error reply).
 */
public final class RelayEnvelope {
    private RelayType type;
    private String to;
    private byte[] frame;
    private int payloadOffset;
    private int payloadLength;
    private int refOffset;
    private int refLength;
    private String ref;

    /** Fills this envelope from a message {@link ClientMessageReader} read from {@code frame}. */
    public RelayEnvelope set(ClientMessage.Relay m, byte[] frame) {
        set(m.type(), m.to(), frame, m.payloadOffset(), m.payloadLength(), -1, 0);
        this.ref = m.ref();
        return this;
    }

    RelayEnvelope set(RelayType type, String to, byte[] frame, int payloadOffset, int payloadLength,
                      int refOffset, int refLength) {
        this.type = type;
        this.to = to;
        this.frame = frame;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
        this.refOffset = refOffset;
        this.refLength = refLength;
        this.ref = null;
        return this;
    }

    public RelayType type() {
        return type;
    }

    /** The target id (valid by {@link Ids#isValidId}). */
    public String to() {
        return to;
    }

    /** The frame the ranges below index into. */
    public byte[] frame() {
        return frame;
    }

    /** Start of the payload's bytes in {@link #frame()}; meaningful when {@link #payloadLength()} {@code > 0}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    /** Length of the payload's bytes, 0 when the message has none. */
    public int payloadLength() {
        return payloadLength;
    }

    /** The client's correlation string, or null; made on first call. */
    public String ref() {
        if (ref == null && refOffset >= 0) {
            ref = new String(frame, refOffset, refLength, StandardCharsets.US_ASCII);
        }
        return ref;
    }
}

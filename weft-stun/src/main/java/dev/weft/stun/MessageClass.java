package dev.weft.stun;

/**
 * The class of a STUN message (RFC 8489 Section 5): a closed set of four, encoded in bits C1 and C0
 * of the message type.
 */
public enum MessageClass {
    REQUEST(0b00),
    INDICATION(0b01),
    SUCCESS_RESPONSE(0b10),
    ERROR_RESPONSE(0b11);

    private final int bits;

    MessageClass(int bits) {
        this.bits = bits;
    }

    /** The two class bits, C1 C0, as an int 0..3. */
    public int bits() {
        return bits;
    }

    static MessageClass fromBits(int bits) {
        return values()[bits & 0b11];
    }
}

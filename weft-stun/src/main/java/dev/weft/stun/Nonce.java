package dev.weft.stun;

/**
 * NONCE (RFC 8489 Section 14.10): an opaque server-chosen value the client echoes in authenticated requests.
 */
public record Nonce(String value) implements TextAttribute {
    /** The largest value accepted, in bytes (fewer than 128 characters). */
    public static final int MAX_SIZE = 763;

    public Nonce {
        TextCodec.check(AttributeType.NONCE, value, MAX_SIZE);
    }

    @Override
    public AttributeType type() {
        return AttributeType.NONCE;
    }

    public static Nonce decode(byte[] b, int off, int len) throws StunParseException {
        return new Nonce(TextCodec.decode(AttributeType.NONCE, b, off, len, MAX_SIZE));
    }

    /** The first such attribute of {@code message}, or null. */
    public static Nonce getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.NONCE);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

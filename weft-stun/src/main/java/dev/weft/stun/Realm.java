package dev.weft.stun;

/**
 * REALM (RFC 8489 Section 14.9): the authentication realm a server announces with a 401, UTF-8.
 */
public record Realm(String value) implements TextAttribute {
    /** The largest value accepted, in bytes (fewer than 128 characters). */
    public static final int MAX_SIZE = 763;

    public Realm {
        TextCodec.check(AttributeType.REALM, value, MAX_SIZE);
    }

    @Override
    public AttributeType type() {
        return AttributeType.REALM;
    }

    public static Realm decode(byte[] b, int off, int len) throws StunParseException {
        return new Realm(TextCodec.decode(AttributeType.REALM, b, off, len, MAX_SIZE));
    }

    /** The first such attribute of {@code message}, or null. */
    public static Realm getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.REALM);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

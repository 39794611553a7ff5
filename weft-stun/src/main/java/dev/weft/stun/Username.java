package dev.weft.stun;

/**
 * USERNAME (RFC 8489 Section 14.3): the user name of a credential, UTF-8.
 */
public record Username(String value) implements TextAttribute {
    /** The largest value accepted, in bytes (RFC 8489 asks for fewer than 509; RFC 5389 allowed up to 513). */
    public static final int MAX_SIZE = 513;

    public Username {
        TextCodec.check(AttributeType.USERNAME, value, MAX_SIZE);
    }

    @Override
    public AttributeType type() {
        return AttributeType.USERNAME;
    }

    public static Username decode(byte[] b, int off, int len) throws StunParseException {
        return new Username(TextCodec.decode(AttributeType.USERNAME, b, off, len, MAX_SIZE));
    }

    /** The first such attribute of {@code message}, or null. */
    public static Username getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.USERNAME);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

package dev.weft.stun;

/**
 * SOFTWARE (RFC 8489 Section 14.14): a textual description of the agent's software, informational only.
 */
public record Software(String value) implements TextAttribute {
    /** The largest value accepted, in bytes (fewer than 128 characters). */
    public static final int MAX_SIZE = 763;

    public Software {
        TextCodec.check(AttributeType.SOFTWARE, value, MAX_SIZE);
    }

    @Override
    public AttributeType type() {
        return AttributeType.SOFTWARE;
    }

    public static Software decode(byte[] b, int off, int len) throws StunParseException {
        return new Software(TextCodec.decode(AttributeType.SOFTWARE, b, off, len, MAX_SIZE));
    }

    /** The first such attribute of {@code message}, or null. */
    public static Software getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.SOFTWARE);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

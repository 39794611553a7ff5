package dev.weft.stun;

/**
 * The one exception the decoders in this package throw: the input is not a well-formed STUN message,
 * attribute or ChannelData frame. The message names the rule that was broken.
 *
 * <p>Created without a stack trace: malformed input is an expected event on a public port, and a storm
 * of bad packets must not cost a stack walk each.
 */
public final class StunParseException extends Exception {
    private static final long serialVersionUID = 1L;

    public StunParseException(String message) {
        super(message, null, false, false);
    }

    static StunParseException badLength(AttributeType type, int got, String expected) {
        return new StunParseException(type + ": value length " + got + ", expected " + expected);
    }
}

package dev.weft.protocol;

/**
 * A message broke a protocol rule. Carries the stable {@link ErrorCode} and a message that quotes the rule.
 * Thrown by the parsers in this module; the node turns it into a JSON error in one place.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final String ref;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ProtocolException(ErrorCode code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public ErrorCode code() {
        return code;
    }

    /** The client's {@code ref} of the offending message when it could be read, else null. */
    public String ref() {
        return ref;
    }

    public ProtocolException withRef(String ref) {
        return ref == null ? this : new ProtocolException(code, getMessage(), ref);
    }
}

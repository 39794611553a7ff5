package dev.weft.turn.internal;

import dev.weft.stun.AttributeType;
import dev.weft.stun.ErrorCode;
import java.util.List;

/**
 * A request the server refuses: the STUN error code, a reason that quotes the rule, and what the error
 * response must carry. Thrown by request handlers and turned into a response by {@link ErrorResponder} only.
 * No stack trace: refusals are routine.
 */
public final class TurnError extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ErrorCode code;
    private final boolean challenge;
    private final transient List<AttributeType> unknown;

    private TurnError(ErrorCode code, String reason, boolean challenge, List<AttributeType> unknown) {
        super(reason, null, false, false);
        this.code = code;
        this.challenge = challenge;
        this.unknown = unknown;
    }

    public static TurnError of(ErrorCode code, String reason) {
        return new TurnError(code, reason, false, List.of());
    }

    /** 401 or 438: the response carries REALM and a fresh NONCE (RFC 8489 Section 9.2.4). */
    public static TurnError challenge(ErrorCode code, String reason) {
        return new TurnError(code, reason, true, List.of());
    }

    /** 420 with UNKNOWN-ATTRIBUTES (RFC 8489 Section 6.3.1). */
    public static TurnError unknownAttributes(List<AttributeType> unknown) {
        return new TurnError(ErrorCode.UNKNOWN_ATTRIBUTE,
                "comprehension-required attributes not understood: " + unknown, false, List.copyOf(unknown));
    }

    public ErrorCode code() {
        return code;
    }

    /** The reason phrase sent to the client. */
    public String reason() {
        return getMessage();
    }

    public boolean challenge() {
        return challenge;
    }

    public List<AttributeType> unknown() {
        return unknown;
    }
}

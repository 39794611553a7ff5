package dev.weft.stun;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A STUN error code (RFC 8489 Section 14.8 and 18.4, RFC 8656 Section 18): an open registry of codes
 * 300-699 with a default reason phrase. {@link #valueOf(int)} keeps unknown codes.
 */
public final class ErrorCode {
    private static final Map<Integer, ErrorCode> KNOWN = new ConcurrentHashMap<>();

    public static final ErrorCode TRY_ALTERNATE = known(300, "Try Alternate");
    public static final ErrorCode BAD_REQUEST = known(400, "Bad Request");
    public static final ErrorCode UNAUTHENTICATED = known(401, "Unauthenticated");
    public static final ErrorCode FORBIDDEN = known(403, "Forbidden");
    public static final ErrorCode MOBILITY_FORBIDDEN = known(405, "Mobility Forbidden");
    public static final ErrorCode UNKNOWN_ATTRIBUTE = known(420, "Unknown Attribute");
    public static final ErrorCode ALLOCATION_MISMATCH = known(437, "Allocation Mismatch");
    public static final ErrorCode STALE_NONCE = known(438, "Stale Nonce");
    public static final ErrorCode ADDRESS_FAMILY_NOT_SUPPORTED = known(440, "Address Family not Supported");
    public static final ErrorCode WRONG_CREDENTIALS = known(441, "Wrong Credentials");
    public static final ErrorCode UNSUPPORTED_TRANSPORT_PROTOCOL = known(442, "Unsupported Transport Protocol");
    public static final ErrorCode PEER_ADDRESS_FAMILY_MISMATCH = known(443, "Peer Address Family Mismatch");
    public static final ErrorCode CONNECTION_ALREADY_EXISTS = known(446, "Connection Already Exists");
    public static final ErrorCode CONNECTION_TIMEOUT_OR_FAILURE = known(447, "Connection Timeout or Failure");
    public static final ErrorCode ALLOCATION_QUOTA_REACHED = known(486, "Allocation Quota Reached");
    public static final ErrorCode ROLE_CONFLICT = known(487, "Role Conflict");
    public static final ErrorCode SERVER_ERROR = known(500, "Server Error");
    public static final ErrorCode INSUFFICIENT_CAPACITY = known(508, "Insufficient Capacity");

    public static final int MIN_CODE = 300;
    public static final int MAX_CODE = 699;

    private final int code;
    private final String reason;

    private ErrorCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    private static ErrorCode known(int code, String reason) {
        ErrorCode e = new ErrorCode(code, reason);
        KNOWN.put(code, e);
        return e;
    }

    /** The error for {@code code} (300..699); unknown codes are kept with an empty default reason. */
    public static ErrorCode valueOf(int code) {
        if (code < MIN_CODE || code > MAX_CODE) {
            throw new IllegalArgumentException("STUN error codes are 300..699: " + code);
        }
        ErrorCode e = KNOWN.get(code);
        return e != null ? e : new ErrorCode(code, "");
    }

    public int code() {
        return code;
    }

    /** The RFC's reason phrase (empty for unknown codes). */
    public String reason() {
        return reason;
    }

    public boolean isKnown() {
        return KNOWN.get(code) == this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErrorCode e && e.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return code + " " + reason;
    }
}

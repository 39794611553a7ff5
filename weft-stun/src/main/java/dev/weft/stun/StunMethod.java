package dev.weft.stun;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A STUN method (RFC 8489 Section 18.2, RFC 8656 Section 18, RFC 6062 Section 6.1): a 12-bit code from an
 * open IANA registry. {@link #valueOf(int)} returns the known constant, or a new value that keeps an unknown code.
 */
public final class StunMethod {
    private static final Map<Integer, StunMethod> KNOWN = new ConcurrentHashMap<>();

    /** RFC 8489 Section 18.2. */
    public static final StunMethod BINDING = known(0x001, "Binding");
    /** RFC 8656 Section 7. */
    public static final StunMethod ALLOCATE = known(0x003, "Allocate");
    /** RFC 8656 Section 8. */
    public static final StunMethod REFRESH = known(0x004, "Refresh");
    /** RFC 8656 Section 11.1 (indication only). */
    public static final StunMethod SEND = known(0x006, "Send");
    /** RFC 8656 Section 11.4 (indication only). */
    public static final StunMethod DATA = known(0x007, "Data");
    /** RFC 8656 Section 9. */
    public static final StunMethod CREATE_PERMISSION = known(0x008, "CreatePermission");
    /** RFC 8656 Section 12. */
    public static final StunMethod CHANNEL_BIND = known(0x009, "ChannelBind");
    /** RFC 6062 Section 4.3. */
    public static final StunMethod CONNECT = known(0x00A, "Connect");
    /** RFC 6062 Section 4.4. */
    public static final StunMethod CONNECTION_BIND = known(0x00B, "ConnectionBind");
    /** RFC 6062 Section 4.4. */
    public static final StunMethod CONNECTION_ATTEMPT = known(0x00C, "ConnectionAttempt");

    /** Methods are 12 bits (RFC 8489 Section 5). */
    public static final int MAX_CODE = 0xFFF;

    private final int code;
    private final String name;

    private StunMethod(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static StunMethod known(int code, String name) {
        StunMethod m = new StunMethod(code, name);
        KNOWN.put(code, m);
        return m;
    }

    /** The method for {@code code} (0..0xFFF); unknown codes are kept, never rejected. */
    public static StunMethod valueOf(int code) {
        if (code < 0 || code > MAX_CODE) {
            throw new IllegalArgumentException("STUN method is 12 bits: " + code);
        }
        StunMethod m = KNOWN.get(code);
        return m != null ? m : new StunMethod(code, String.format("0x%03x", code));
    }

    public int code() {
        return code;
    }

    public boolean isKnown() {
        return KNOWN.get(code) == this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StunMethod m && m.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}

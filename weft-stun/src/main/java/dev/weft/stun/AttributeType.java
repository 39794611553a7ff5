package dev.weft.stun;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A STUN attribute type from the open IANA registry (RFC 8489 Section 18.3, RFC 8656 Section 18,
 * RFC 5780 Section 9, RFC 8445 Section 16.1, RFC 6062 Section 6.2). {@link #valueOf(int)} keeps unknown codes.
 *
 * <p>Types 0x0000-0x7FFF are comprehension-required, 0x8000-0xFFFF comprehension-optional
 * (RFC 8489 Section 14).
 */
public final class AttributeType {
    private static final Map<Integer, AttributeType> KNOWN = new ConcurrentHashMap<>();

    public static final AttributeType MAPPED_ADDRESS = known(0x0001, "MAPPED-ADDRESS");
    public static final AttributeType CHANGE_REQUEST = known(0x0003, "CHANGE-REQUEST");
    public static final AttributeType USERNAME = known(0x0006, "USERNAME");
    public static final AttributeType MESSAGE_INTEGRITY = known(0x0008, "MESSAGE-INTEGRITY");
    public static final AttributeType ERROR_CODE = known(0x0009, "ERROR-CODE");
    public static final AttributeType UNKNOWN_ATTRIBUTES = known(0x000A, "UNKNOWN-ATTRIBUTES");
    public static final AttributeType CHANNEL_NUMBER = known(0x000C, "CHANNEL-NUMBER");
    public static final AttributeType LIFETIME = known(0x000D, "LIFETIME");
    public static final AttributeType XOR_PEER_ADDRESS = known(0x0012, "XOR-PEER-ADDRESS");
    public static final AttributeType DATA = known(0x0013, "DATA");
    public static final AttributeType REALM = known(0x0014, "REALM");
    public static final AttributeType NONCE = known(0x0015, "NONCE");
    public static final AttributeType XOR_RELAYED_ADDRESS = known(0x0016, "XOR-RELAYED-ADDRESS");
    public static final AttributeType REQUESTED_ADDRESS_FAMILY = known(0x0017, "REQUESTED-ADDRESS-FAMILY");
    public static final AttributeType EVEN_PORT = known(0x0018, "EVEN-PORT");
    public static final AttributeType REQUESTED_TRANSPORT = known(0x0019, "REQUESTED-TRANSPORT");
    public static final AttributeType DONT_FRAGMENT = known(0x001A, "DONT-FRAGMENT");
    public static final AttributeType MESSAGE_INTEGRITY_SHA256 = known(0x001C, "MESSAGE-INTEGRITY-SHA256");
    public static final AttributeType PASSWORD_ALGORITHM = known(0x001D, "PASSWORD-ALGORITHM");
    public static final AttributeType USERHASH = known(0x001E, "USERHASH");
    public static final AttributeType XOR_MAPPED_ADDRESS = known(0x0020, "XOR-MAPPED-ADDRESS");
    public static final AttributeType RESERVATION_TOKEN = known(0x0022, "RESERVATION-TOKEN");
    public static final AttributeType PRIORITY = known(0x0024, "PRIORITY");
    public static final AttributeType USE_CANDIDATE = known(0x0025, "USE-CANDIDATE");
    public static final AttributeType PADDING = known(0x0026, "PADDING");
    public static final AttributeType RESPONSE_PORT = known(0x0027, "RESPONSE-PORT");
    public static final AttributeType CONNECTION_ID = known(0x002A, "CONNECTION-ID");
    public static final AttributeType ADDITIONAL_ADDRESS_FAMILY = known(0x8000, "ADDITIONAL-ADDRESS-FAMILY");
    public static final AttributeType ADDRESS_ERROR_CODE = known(0x8001, "ADDRESS-ERROR-CODE");
    public static final AttributeType PASSWORD_ALGORITHMS = known(0x8002, "PASSWORD-ALGORITHMS");
    public static final AttributeType ALTERNATE_DOMAIN = known(0x8003, "ALTERNATE-DOMAIN");
    public static final AttributeType ICMP = known(0x8004, "ICMP");
    public static final AttributeType SOFTWARE = known(0x8022, "SOFTWARE");
    public static final AttributeType ALTERNATE_SERVER = known(0x8023, "ALTERNATE-SERVER");
    public static final AttributeType TRANSACTION_TRANSMIT_COUNTER = known(0x8025, "TRANSACTION_TRANSMIT_COUNTER");
    public static final AttributeType CACHE_TIMEOUT = known(0x8027, "CACHE-TIMEOUT");
    public static final AttributeType FINGERPRINT = known(0x8028, "FINGERPRINT");
    public static final AttributeType ICE_CONTROLLED = known(0x8029, "ICE-CONTROLLED");
    public static final AttributeType ICE_CONTROLLING = known(0x802A, "ICE-CONTROLLING");
    public static final AttributeType RESPONSE_ORIGIN = known(0x802B, "RESPONSE-ORIGIN");
    public static final AttributeType OTHER_ADDRESS = known(0x802C, "OTHER-ADDRESS");

    private final int code;
    private final String name;

    private AttributeType(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static AttributeType known(int code, String name) {
        AttributeType t = new AttributeType(code, name);
        KNOWN.put(code, t);
        return t;
    }

    /** The type for a 16-bit code; unknown codes are kept, never rejected. */
    public static AttributeType valueOf(int code) {
        if (code < 0 || code > 0xFFFF) {
            throw new IllegalArgumentException("attribute type is 16 bits: " + code);
        }
        AttributeType t = KNOWN.get(code);
        return t != null ? t : new AttributeType(code, String.format("0x%04x", code));
    }

    public int code() {
        return code;
    }

    /** True for 0x0000-0x7FFF: an agent that does not understand it must reject the request (RFC 8489 Section 14). */
    public boolean isComprehensionRequired() {
        return isComprehensionRequired(code);
    }

    public static boolean isComprehensionRequired(int code) {
        return code < 0x8000;
    }

    public boolean isKnown() {
        return KNOWN.get(code) == this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeType t && t.code == code;
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

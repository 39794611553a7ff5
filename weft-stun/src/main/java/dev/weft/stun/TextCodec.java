package dev.weft.stun;

import java.nio.charset.StandardCharsets;

/** UTF-8 text values with a byte limit, shared by USERNAME, REALM, NONCE and SOFTWARE (RFC 8489 Section 14). */
final class TextCodec {
    private TextCodec() {
    }

    static byte[] encode(AttributeType type, String value, int maxBytes) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length > maxBytes) {
            throw new IllegalArgumentException(type + " is limited to " + maxBytes + " bytes, got " + b.length);
        }
        return b;
    }

    static String decode(AttributeType type, byte[] b, int off, int len, int maxBytes) throws StunParseException {
        if (len > maxBytes) {
            throw StunParseException.badLength(type, len, "at most " + maxBytes);
        }
        return new String(b, off, len, StandardCharsets.UTF_8);
    }

    static void check(AttributeType type, String value, int maxBytes) {
        if (value == null) {
            throw new IllegalArgumentException(type + " needs a value");
        }
        encode(type, value, maxBytes);
    }
}

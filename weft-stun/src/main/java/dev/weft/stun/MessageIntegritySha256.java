package dev.weft.stun;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * MESSAGE-INTEGRITY-SHA256 (RFC 8489 Section 14.6): HMAC-SHA256 over the message up to this attribute,
 * possibly truncated to 16..32 bytes in steps of four.
 */
public final class MessageIntegritySha256 {
    /** The smallest value size allowed. */
    public static final int MIN_SIZE = 16;
    /** The untruncated value size. */
    public static final int MAX_SIZE = 32;

    private MessageIntegritySha256() {
    }

    public static boolean isPresent(StunMessage message) {
        return message.integritySha256Index() >= 0;
    }

    /** True if the attribute is present, well-formed and matches {@code key}. */
    public static boolean check(StunMessage message, byte[] key) {
        int i = message.integritySha256Index();
        if (i < 0) {
            return false;
        }
        int vlen = message.valueLength(i);
        if (vlen < MIN_SIZE || vlen > MAX_SIZE || (vlen & 3) != 0) {
            return false;
        }
        byte[] raw = message.rawBytes();
        int valueOff = message.valueOffset(i);
        byte[] expected = new byte[MAX_SIZE];
        MessageIntegrity.hmac("HmacSHA256", key, raw, valueOff - 4, vlen, expected, 0);
        return MessageDigest.isEqual(Arrays.copyOf(expected, vlen), Arrays.copyOfRange(raw, valueOff, valueOff + vlen));
    }
}

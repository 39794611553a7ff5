package dev.weft.stun;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY (RFC 8489 Section 14.5): a 20-byte HMAC-SHA1 over the message up to this attribute,
 * computed as if the header's length field ended right after it. The key is the password for short-term
 * credentials, or MD5(username ":" realm ":" password) for long-term ones (see {@link LongTermKey}).
 */
public final class MessageIntegrity {
    /** Value size: an HMAC-SHA1 digest. */
    public static final int SIZE = 20;

    private MessageIntegrity() {
    }

    /** True if {@code message} carries a MESSAGE-INTEGRITY that matches {@code key}. */
    public static boolean check(StunMessage message, byte[] key) {
        int i = message.integrityIndex();
        if (i < 0 || message.valueLength(i) != SIZE) {
            return false;
        }
        byte[] raw = message.rawBytes();
        int valueOff = message.valueOffset(i);
        byte[] expected = new byte[SIZE];
        hmac("HmacSHA1", key, raw, valueOff - 4, SIZE, expected, 0);
        return MessageDigest.isEqual(expected, java.util.Arrays.copyOfRange(raw, valueOff, valueOff + SIZE));
    }

    /** True if the message has a MESSAGE-INTEGRITY attribute (whatever its value). */
    public static boolean isPresent(StunMessage message) {
        return message.integrityIndex() >= 0;
    }

    /**
     * HMAC with {@code algorithm} over {@code msg[0..attrOff)}, with the header length adjusted to end after an
     * attribute of {@code valueSize} bytes at {@code attrOff}; writes {@code outLen} bytes of the digest.
     */
    static void hmac(String algorithm, byte[] key, byte[] msg, int attrOff, int valueSize, byte[] out, int outOff) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            // HMAC pads keys with zeros, so an empty key equals a one-zero-byte key; SecretKeySpec refuses empty keys.
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            int adjusted = attrOff + 4 + valueSize - StunHeader.SIZE;
            mac.update(msg, 0, 2);
            mac.update((byte) (adjusted >>> 8));
            mac.update((byte) adjusted);
            mac.update(msg, 4, attrOff - 4);
            byte[] digest = mac.doFinal();
            System.arraycopy(digest, 0, out, outOff, Math.min(valueSize, digest.length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}

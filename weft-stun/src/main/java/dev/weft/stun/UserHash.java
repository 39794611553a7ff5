package dev.weft.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * USERHASH (RFC 8489 Section 14.4): SHA-256(username ":" realm), sent instead of USERNAME to hide the user
 * name. See {@link LongTermKey#userHash}.
 */
public final class UserHash implements StunAttribute {
    /** Value size: a SHA-256 digest. */
    public static final int SIZE = 32;

    private final byte[] hash;

    public UserHash(byte[] hash) {
        if (hash.length != SIZE) {
            throw new IllegalArgumentException("USERHASH is 32 bytes, got " + hash.length);
        }
        this.hash = hash.clone();
    }

    public byte[] hash() {
        return hash.clone();
    }

    /** True if this is the hash of {@code username} in {@code realm}. */
    public boolean matches(String username, String realm) {
        return java.security.MessageDigest.isEqual(hash, LongTermKey.userHash(username, realm));
    }

    @Override
    public AttributeType type() {
        return AttributeType.USERHASH;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        System.arraycopy(hash, 0, dst, off, SIZE);
    }

    public static UserHash decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.USERHASH, len, "32");
        }
        return new UserHash(Arrays.copyOfRange(b, off, off + SIZE));
    }

    public static UserHash getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.USERHASH);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserHash u && Arrays.equals(u.hash, hash);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "USERHASH(" + HexFormat.of().formatHex(hash) + ")";
    }
}

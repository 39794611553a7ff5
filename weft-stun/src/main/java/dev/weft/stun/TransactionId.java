package dev.weft.stun;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/** The 96-bit transaction ID of a STUN message (RFC 8489 Section 5), usable as a map key. */
public final class TransactionId {
    /** Bytes in a transaction ID. */
    public static final int SIZE = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A fresh, uniformly random transaction ID (RFC 8489 Section 6: "cryptographically random"). */
    public static TransactionId random() {
        byte[] b = new byte[SIZE];
        RANDOM.nextBytes(b);
        return new TransactionId(b);
    }

    /** Copies 12 bytes from {@code src} at {@code offset}. */
    public static TransactionId of(byte[] src, int offset) {
        if (offset < 0 || src.length - offset < SIZE) {
            throw new IllegalArgumentException("a transaction ID is 12 bytes");
        }
        return new TransactionId(Arrays.copyOfRange(src, offset, offset + SIZE));
    }

    public static TransactionId of(byte[] twelveBytes) {
        if (twelveBytes.length != SIZE) {
            throw new IllegalArgumentException("a transaction ID is 12 bytes, got " + twelveBytes.length);
        }
        return new TransactionId(twelveBytes.clone());
    }

    /** A copy of the 12 bytes. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    byte[] raw() {
        return bytes;
    }

    /** The byte at {@code i} (0..11). */
    public byte get(int i) {
        return bytes[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransactionId t && Arrays.equals(t.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}

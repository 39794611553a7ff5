package dev.weft.stun;

import java.util.Arrays;

/**
 * DATA (RFC 8656 Section 18.4): the application payload of a Send or Data indication. The relay's hot path
 * does not build this object; it reads the offsets with {@link SendIndicationView}.
 */
public final class Data implements StunAttribute {
    /** The largest payload a STUN message can carry after the header and the DATA attribute header. */
    public static final int MAX_SIZE = 0xFFFC - 4;

    private final byte[] bytes;

    public Data(byte[] bytes) {
        if (bytes.length > MAX_SIZE) {
            throw new IllegalArgumentException("DATA too large: " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    /** A copy of the payload. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public AttributeType type() {
        return AttributeType.DATA;
    }

    @Override
    public int valueLength() {
        return bytes.length;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        System.arraycopy(bytes, 0, dst, off, bytes.length);
    }

    public static Data decode(byte[] b, int off, int len) {
        return new Data(Arrays.copyOfRange(b, off, off + len));
    }

    public static Data getFrom(StunMessage message) {
        int i = message.indexOf(AttributeType.DATA);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Data d && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "DATA(" + bytes.length + " bytes)";
    }
}

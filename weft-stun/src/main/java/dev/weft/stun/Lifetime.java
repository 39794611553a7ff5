package dev.weft.stun;

/**
 * LIFETIME (RFC 8656 Section 18.2): the seconds remaining until an allocation expires, an unsigned 32-bit
 * integer. A Refresh with LIFETIME 0 deletes the allocation.
 */
public record Lifetime(long seconds) implements StunAttribute {
    /** Value size. */
    public static final int SIZE = 4;

    public Lifetime {
        if (seconds < 0 || seconds > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("LIFETIME is an unsigned 32-bit number of seconds: " + seconds);
        }
    }

    @Override
    public AttributeType type() {
        return AttributeType.LIFETIME;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        Bytes.put32(dst, off, (int) seconds);
    }

    public static Lifetime decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.LIFETIME, len, "4");
        }
        return new Lifetime(Bytes.i32(b, off) & 0xFFFFFFFFL);
    }

    public static Lifetime getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.LIFETIME);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

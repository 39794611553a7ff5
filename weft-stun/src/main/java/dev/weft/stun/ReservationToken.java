package dev.weft.stun;

/**
 * RESERVATION-TOKEN (RFC 8656 Section 18.9): an 8-byte token naming a relayed port the server reserved
 * after an Allocate with EVEN-PORT R=1; a later Allocate presents it to get that port.
 */
public record ReservationToken(long token) implements StunAttribute {
    /** Value size. */
    public static final int SIZE = 8;

    @Override
    public AttributeType type() {
        return AttributeType.RESERVATION_TOKEN;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        Bytes.put64(dst, off, token);
    }

    public static ReservationToken decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.RESERVATION_TOKEN, len, "8");
        }
        return new ReservationToken(Bytes.i64(b, off));
    }

    public static ReservationToken getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.RESERVATION_TOKEN);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

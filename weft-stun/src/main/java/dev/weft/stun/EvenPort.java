package dev.weft.stun;

/**
 * EVEN-PORT (RFC 8656 Section 18.6): asks for an even relayed port; with the R bit set the server also
 * reserves the next port up and returns a RESERVATION-TOKEN for it. One byte (R is the top bit), padded.
 */
public record EvenPort(boolean reserveNext) implements StunAttribute {
    /** Value size. */
    public static final int SIZE = 1;
    private static final int R_BIT = 0x80;

    @Override
    public AttributeType type() {
        return AttributeType.EVEN_PORT;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        dst[off] = (byte) (reserveNext ? R_BIT : 0);
    }

    public static EvenPort decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.EVEN_PORT, len, "1");
        }
        return new EvenPort((b[off] & R_BIT) != 0);
    }

    public static EvenPort getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.EVEN_PORT);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

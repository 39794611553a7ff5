package dev.weft.stun;

/**
 * CHANNEL-NUMBER (RFC 8656 Section 18.1): a 16-bit channel number followed by two reserved bytes. Whether the
 * number is in the valid range is the server's check ({@link ChannelData#isValidChannel}), not the codec's.
 */
public record ChannelNumber(int number) implements StunAttribute {
    /** Value size. */
    public static final int SIZE = 4;

    public ChannelNumber {
        if (number < 0 || number > 0xFFFF) {
            throw new IllegalArgumentException("channel number is 16 bits: " + number);
        }
    }

    @Override
    public AttributeType type() {
        return AttributeType.CHANNEL_NUMBER;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        Bytes.put32(dst, off, number << 16);
    }

    public static ChannelNumber decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.CHANNEL_NUMBER, len, "4");
        }
        return new ChannelNumber(Bytes.u16(b, off));
    }

    public static ChannelNumber getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.CHANNEL_NUMBER);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

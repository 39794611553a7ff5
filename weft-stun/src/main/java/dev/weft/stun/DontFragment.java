package dev.weft.stun;

/**
 * DONT-FRAGMENT (RFC 8656 Section 18.10): asks the server to set the DF bit on relayed packets. No value.
 */
public record DontFragment() implements StunAttribute {
    /** Value size. */
    public static final int SIZE = 0;
    public static final DontFragment INSTANCE = new DontFragment();

    @Override
    public AttributeType type() {
        return AttributeType.DONT_FRAGMENT;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        // no value
    }

    public static DontFragment decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.DONT_FRAGMENT, len, "0");
        }
        return INSTANCE;
    }

    public static DontFragment getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.DONT_FRAGMENT);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

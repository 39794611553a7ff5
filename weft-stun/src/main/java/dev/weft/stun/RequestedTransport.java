package dev.weft.stun;

/**
 * REQUESTED-TRANSPORT (RFC 8656 Section 18.7): the IP protocol number of the relayed transport the client
 * wants (17 for UDP; 6 for TCP under RFC 6062), followed by three reserved bytes.
 */
public record RequestedTransport(int protocol) implements StunAttribute {
    /** Value size. */
    public static final int SIZE = 4;
    /** IANA protocol number for UDP. */
    public static final int UDP = 17;
    /** IANA protocol number for TCP. */
    public static final int TCP = 6;

    public RequestedTransport {
        if (protocol < 0 || protocol > 0xFF) {
            throw new IllegalArgumentException("protocol number is one byte: " + protocol);
        }
    }

    @Override
    public AttributeType type() {
        return AttributeType.REQUESTED_TRANSPORT;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        Bytes.put32(dst, off, protocol << 24);
    }

    public static RequestedTransport decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.REQUESTED_TRANSPORT, len, "4");
        }
        return new RequestedTransport(b[off] & 0xFF);
    }

    public static RequestedTransport getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.REQUESTED_TRANSPORT);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

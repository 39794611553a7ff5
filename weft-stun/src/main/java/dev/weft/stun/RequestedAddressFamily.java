package dev.weft.stun;

/**
 * REQUESTED-ADDRESS-FAMILY (RFC 8656 Section 18.8): the address family of the relayed address wanted,
 * 0x01 IPv4 or 0x02 IPv6, followed by three reserved bytes. Other family values are kept as decoded so the
 * server can answer 440 for them.
 */
public record RequestedAddressFamily(int family) implements StunAttribute {
    /** Value size. */
    public static final int SIZE = 4;
    public static final int IPV4 = 0x01;
    public static final int IPV6 = 0x02;

    public RequestedAddressFamily {
        if (family < 0 || family > 0xFF) {
            throw new IllegalArgumentException("family is one byte: " + family);
        }
    }

    @Override
    public AttributeType type() {
        return AttributeType.REQUESTED_ADDRESS_FAMILY;
    }

    @Override
    public int valueLength() {
        return SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        Bytes.put32(dst, off, family << 24);
    }

    public static RequestedAddressFamily decode(byte[] b, int off, int len) throws StunParseException {
        if (len != SIZE) {
            throw StunParseException.badLength(AttributeType.REQUESTED_ADDRESS_FAMILY, len, "4");
        }
        return new RequestedAddressFamily(b[off] & 0xFF);
    }

    public static RequestedAddressFamily getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.REQUESTED_ADDRESS_FAMILY);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

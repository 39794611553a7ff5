package dev.weft.stun;

import java.net.InetSocketAddress;

/**
 * MAPPED-ADDRESS (RFC 8489 Section 14.1): the reflexive transport address in the clear, kept for RFC 3489 clients.
 * Value: 8 bytes for IPv4, 20 for IPv6.
 */
public record MappedAddress(InetSocketAddress address) implements AddressAttribute {
    /** Value size for an IPv4 address. */
    public static final int SIZE_IPV4 = AddressCodec.SIZE_IPV4;
    /** Value size for an IPv6 address. */
    public static final int SIZE_IPV6 = AddressCodec.SIZE_IPV6;

    public MappedAddress {
        AddressCodec.requireResolved(address);
    }

    @Override
    public AttributeType type() {
        return AttributeType.MAPPED_ADDRESS;
    }

    @Override
    public boolean xored() {
        return false;
    }

    /** Decodes a value; {@code transactionId} is the message's. */
    public static MappedAddress decode(byte[] b, int off, int len, TransactionId transactionId) throws StunParseException {
        return new MappedAddress(AddressCodec.read(AttributeType.MAPPED_ADDRESS, b, off, len, false, transactionId));
    }

    /** The first such attribute of {@code message}, or null. */
    public static MappedAddress getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.MAPPED_ADDRESS);
        return i < 0 ? null
                : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i), message.transactionId());
    }
}

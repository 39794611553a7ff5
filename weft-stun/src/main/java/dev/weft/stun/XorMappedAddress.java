package dev.weft.stun;

import java.net.InetSocketAddress;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 Section 14.2): the client's reflexive transport address as the server saw it, XORed with the magic cookie (and the transaction ID for IPv6) so that NATs rewriting addresses in payloads leave it alone.
 * Value: 8 bytes for IPv4, 20 for IPv6.
 */
public record XorMappedAddress(InetSocketAddress address) implements AddressAttribute {
    /** Value size for an IPv4 address. */
    public static final int SIZE_IPV4 = AddressCodec.SIZE_IPV4;
    /** Value size for an IPv6 address. */
    public static final int SIZE_IPV6 = AddressCodec.SIZE_IPV6;

    public XorMappedAddress {
        AddressCodec.requireResolved(address);
    }

    @Override
    public AttributeType type() {
        return AttributeType.XOR_MAPPED_ADDRESS;
    }

    @Override
    public boolean xored() {
        return true;
    }

    /** Decodes a value; {@code transactionId} is the message's. */
    public static XorMappedAddress decode(byte[] b, int off, int len, TransactionId transactionId) throws StunParseException {
        return new XorMappedAddress(AddressCodec.read(AttributeType.XOR_MAPPED_ADDRESS, b, off, len, true, transactionId));
    }

    /** The first such attribute of {@code message}, or null. */
    public static XorMappedAddress getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.XOR_MAPPED_ADDRESS);
        return i < 0 ? null
                : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i), message.transactionId());
    }
}

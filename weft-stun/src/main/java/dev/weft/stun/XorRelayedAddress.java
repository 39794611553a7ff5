package dev.weft.stun;

import java.net.InetSocketAddress;

/**
 * XOR-RELAYED-ADDRESS (RFC 8656 Section 18.5): the relayed transport address the server allocated, in XOR form.
 * Value: 8 bytes for IPv4, 20 for IPv6.
 */
public record XorRelayedAddress(InetSocketAddress address) implements AddressAttribute {
    /** Value size for an IPv4 address. */
    public static final int SIZE_IPV4 = AddressCodec.SIZE_IPV4;
    /** Value size for an IPv6 address. */
    public static final int SIZE_IPV6 = AddressCodec.SIZE_IPV6;

    public XorRelayedAddress {
        AddressCodec.requireResolved(address);
    }

    @Override
    public AttributeType type() {
        return AttributeType.XOR_RELAYED_ADDRESS;
    }

    @Override
    public boolean xored() {
        return true;
    }

    /** Decodes a value; {@code transactionId} is the message's. */
    public static XorRelayedAddress decode(byte[] b, int off, int len, TransactionId transactionId) throws StunParseException {
        return new XorRelayedAddress(AddressCodec.read(AttributeType.XOR_RELAYED_ADDRESS, b, off, len, true, transactionId));
    }

    /** The first such attribute of {@code message}, or null. */
    public static XorRelayedAddress getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.XOR_RELAYED_ADDRESS);
        return i < 0 ? null
                : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i), message.transactionId());
    }
}

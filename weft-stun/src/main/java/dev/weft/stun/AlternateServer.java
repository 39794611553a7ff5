package dev.weft.stun;

import java.net.InetSocketAddress;

/**
 * ALTERNATE-SERVER (RFC 8489 Section 14.15): another server the client should try, sent with a 300 Try Alternate error; the MAPPED-ADDRESS format, not XORed.
 * Value: 8 bytes for IPv4, 20 for IPv6.
 */
public record AlternateServer(InetSocketAddress address) implements AddressAttribute {
    /** Value size for an IPv4 address. */
    public static final int SIZE_IPV4 = AddressCodec.SIZE_IPV4;
    /** Value size for an IPv6 address. */
    public static final int SIZE_IPV6 = AddressCodec.SIZE_IPV6;

    public AlternateServer {
        AddressCodec.requireResolved(address);
    }

    @Override
    public AttributeType type() {
        return AttributeType.ALTERNATE_SERVER;
    }

    @Override
    public boolean xored() {
        return false;
    }

    /** Decodes a value; {@code transactionId} is the message's. */
    public static AlternateServer decode(byte[] b, int off, int len, TransactionId transactionId) throws StunParseException {
        return new AlternateServer(AddressCodec.read(AttributeType.ALTERNATE_SERVER, b, off, len, false, transactionId));
    }

    /** The first such attribute of {@code message}, or null. */
    public static AlternateServer getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.ALTERNATE_SERVER);
        return i < 0 ? null
                : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i), message.transactionId());
    }
}

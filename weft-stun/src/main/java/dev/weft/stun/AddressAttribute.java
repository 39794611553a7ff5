package dev.weft.stun;

import java.net.InetSocketAddress;

/**
 * A STUN attribute whose value is a transport address (RFC 8489 Sections 14.1-14.2, RFC 8656 Sections 18.3 and
 * 18.5): the encoding is the same for all of them, XORed or plain (see {@link AddressCodec}).
 */
interface AddressAttribute extends StunAttribute {
    InetSocketAddress address();

    /** True for the XOR-* forms. */
    boolean xored();

    @Override
    default int valueLength() {
        return AddressCodec.size(address());
    }

    @Override
    default void writeValue(byte[] dst, int off, TransactionId transactionId) {
        AddressCodec.write(dst, off, address(), xored(), transactionId);
    }
}

package dev.weft.stun;

/**
 * One STUN attribute that can write itself (RFC 8489 Section 14). The message writes the type-length header
 * and the padding; the attribute writes only its value.
 */
public interface StunAttribute {
    AttributeType type();

    /** The value length in bytes, before padding. */
    int valueLength();

    /**
     * Writes exactly {@link #valueLength()} bytes at {@code off}. {@code transactionId} is the message's,
     * needed by the XOR-address attributes.
     */
    void writeValue(byte[] dst, int off, TransactionId transactionId);
}

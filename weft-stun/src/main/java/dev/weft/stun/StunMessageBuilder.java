package dev.weft.stun;

import java.util.Arrays;

/**
 * Writes a STUN message (RFC 8489 Section 5 and 14): the header, then each attribute's type-length header,
 * value and zero padding, keeping the header's length field current so that MESSAGE-INTEGRITY,
 * MESSAGE-INTEGRITY-SHA256 and FINGERPRINT can be computed as they are appended.
 *
 * <pre>{@code
 * byte[] response = new StunMessageBuilder(request.type().response(true), request.transactionId())
 *         .add(new XorMappedAddress(client))
 *         .add(new Software("weft"))
 *         .addMessageIntegrity(key)
 *         .addFingerprint()
 *         .build();
 * }</pre>
 *
 * <p>Not thread-safe; one builder per message.
 */
public final class StunMessageBuilder {
    private final TransactionId transactionId;
    private byte[] buf = new byte[128];
    private int len = StunHeader.SIZE;
    private boolean fingerprinted;
    private byte padding;

    public StunMessageBuilder(MessageType type, TransactionId transactionId) {
        this.transactionId = transactionId;
        Bytes.put16(buf, 0, type.encode());
        Bytes.put32(buf, 4, StunHeader.MAGIC_COOKIE);
        System.arraycopy(transactionId.raw(), 0, buf, StunHeader.TRANSACTION_ID_OFFSET, TransactionId.SIZE);
    }

    /** Builds a message from a list of attributes, without integrity or fingerprint. */
    public static byte[] build(MessageType type, TransactionId id, StunAttribute... attributes) {
        StunMessageBuilder b = new StunMessageBuilder(type, id);
        for (StunAttribute a : attributes) {
            b.add(a);
        }
        return b.build();
    }

    public StunMessageBuilder add(StunAttribute attribute) {
        int vlen = attribute.valueLength();
        int off = reserve(attribute.type(), vlen);
        attribute.writeValue(buf, off, transactionId);
        return this;
    }

    /** Appends MESSAGE-INTEGRITY: HMAC-SHA1 with {@code key} (RFC 8489 Section 14.5). */
    public StunMessageBuilder addMessageIntegrity(byte[] key) {
        int off = reserve(AttributeType.MESSAGE_INTEGRITY, MessageIntegrity.SIZE);
        MessageIntegrity.hmac("HmacSHA1", key, buf, off - 4, MessageIntegrity.SIZE, buf, off);
        return this;
    }

    /** Appends MESSAGE-INTEGRITY-SHA256: untruncated HMAC-SHA256 with {@code key} (RFC 8489 Section 14.6). */
    public StunMessageBuilder addMessageIntegritySha256(byte[] key) {
        int off = reserve(AttributeType.MESSAGE_INTEGRITY_SHA256, MessageIntegritySha256.MAX_SIZE);
        MessageIntegrity.hmac("HmacSHA256", key, buf, off - 4, MessageIntegritySha256.MAX_SIZE, buf, off);
        return this;
    }

    /** Appends FINGERPRINT: CRC-32 of the message so far XOR 0x5354554e (RFC 8489 Section 14.7). */
    public StunMessageBuilder addFingerprint() {
        int off = reserve(AttributeType.FINGERPRINT, Fingerprint.SIZE);
        Bytes.put32(buf, off, Fingerprint.compute(buf, off - 4));
        fingerprinted = true;
        return this;
    }

    /**
     * Sets the byte used to pad attribute values to four bytes (default zero). Receivers ignore padding
     * (RFC 8489 Section 14); RFC 5769's vectors pad with 0x20, so reproducing them needs this.
     */
    public StunMessageBuilder paddingByte(byte value) {
        this.padding = value;
        return this;
    }

    /** Bytes written so far. */
    public int length() {
        return len;
    }

    public byte[] build() {
        return Arrays.copyOf(buf, len);
    }

    private int reserve(AttributeType type, int vlen) {
        if (fingerprinted) {
            throw new IllegalStateException("FINGERPRINT must be the last attribute (RFC 8489 Section 14.7)");
        }
        if (vlen < 0 || vlen > 0xFFFF) {
            throw new IllegalArgumentException(type + ": value of " + vlen + " bytes does not fit a STUN attribute");
        }
        int total = 4 + Bytes.padded(vlen);
        if (len + total - StunHeader.SIZE > 0xFFFC) {
            throw new IllegalArgumentException("message would exceed the 16-bit length field");
        }
        if (len + total > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + total));
        }
        Bytes.put16(buf, len, type.code());
        Bytes.put16(buf, len + 2, vlen);
        int valueOff = len + 4;
        Arrays.fill(buf, valueOff + vlen, len + total, padding);
        len += total;
        Bytes.put16(buf, 2, len - StunHeader.SIZE);
        return valueOff;
    }
}

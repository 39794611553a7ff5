package dev.weft.stun;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A decoded STUN message (RFC 8489 Section 5 and 14): header fields plus an index of its raw attributes.
 * Attribute values are decoded on demand by the attribute types ({@code Lifetime.getFrom(message)}, ...).
 *
 * <p>Decoding checks the framing rules: two zero leading bits, magic cookie, a length that matches the input
 * and is a multiple of four, attributes that fit, and integrity/fingerprint placement (RFC 8489 Section 14.5,
 * 14.6, 14.7): attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are
 * ignored (not indexed), and nothing may follow FINGERPRINT.
 *
 * <p>Immutable; the message keeps its own copy of the bytes.
 */
public final class StunMessage {
    private final byte[] raw;
    private final MessageType type;
    private final TransactionId transactionId;
    /** Triplets (type code, value offset, value length). */
    private final int[] attrs;
    private final int count;
    private final int integrity;
    private final int integritySha256;
    private final int fingerprint;

    private StunMessage(byte[] raw, int[] attrs, int count, int integrity, int integritySha256, int fingerprint) {
        this.raw = raw;
        this.type = MessageType.decode(Bytes.u16(raw, 0));
        this.transactionId = TransactionId.of(raw, StunHeader.TRANSACTION_ID_OFFSET);
        this.attrs = attrs;
        this.count = count;
        this.integrity = integrity;
        this.integritySha256 = integritySha256;
        this.fingerprint = fingerprint;
    }

    public static StunMessage decode(byte[] data) throws StunParseException {
        return decode(data, 0, data.length);
    }

    /** Decodes the bytes between the buffer's position and limit; the buffer itself is not changed. */
    public static StunMessage decode(ByteBuffer buf) throws StunParseException {
        byte[] copy = new byte[buf.remaining()];
        buf.duplicate().get(copy);
        return parse(copy);
    }

    public static StunMessage decode(byte[] data, int off, int len) throws StunParseException {
        if (off < 0 || len < 0 || off > data.length - len) {
            throw new StunParseException("slice outside the array");
        }
        return parse(Arrays.copyOfRange(data, off, off + len));
    }

    private static StunMessage parse(byte[] b) throws StunParseException {
        if (b.length < StunHeader.SIZE) {
            throw new StunParseException("shorter than the 20-byte STUN header (RFC 8489 Section 5)");
        }
        if ((b[0] & 0xC0) != 0) {
            throw new StunParseException("the two most significant bits must be zero (RFC 8489 Section 5)");
        }
        if (Bytes.i32(b, 4) != StunHeader.MAGIC_COOKIE) {
            throw new StunParseException("magic cookie is not 0x2112A442 (RFC 8489 Section 5)");
        }
        int length = Bytes.u16(b, 2);
        if ((length & 3) != 0) {
            throw new StunParseException("message length " + length + " is not a multiple of 4 (RFC 8489 Section 5)");
        }
        if (StunHeader.SIZE + length != b.length) {
            throw new StunParseException("message length " + length + " does not match the " + (b.length - 20)
                    + " bytes after the header (RFC 8489 Section 6.3)");
        }
        int[] attrs = new int[Math.max(3, Math.min(3 * (length / 4), 3 * 32))];
        int count = 0;
        int integrity = -1;
        int integritySha256 = -1;
        int fingerprint = -1;
        int pos = StunHeader.SIZE;
        while (pos < b.length) {
            if (b.length - pos < 4) {
                throw new StunParseException("truncated attribute header at offset " + pos);
            }
            int code = Bytes.u16(b, pos);
            int vlen = Bytes.u16(b, pos + 2);
            int valueOff = pos + 4;
            if (vlen > b.length - valueOff) {
                throw new StunParseException("attribute 0x" + Integer.toHexString(code) + " length " + vlen
                        + " runs past the end of the message (RFC 8489 Section 14)");
            }
            int next = valueOff + Bytes.padded(vlen);
            if (next > b.length) {
                throw new StunParseException("attribute 0x" + Integer.toHexString(code) + " padding runs past the end");
            }
            if (fingerprint >= 0) {
                throw new StunParseException("FINGERPRINT must be the last attribute (RFC 8489 Section 14.7)");
            }
            boolean index;
            if (code == AttributeType.FINGERPRINT.code()) {
                index = true;
            } else if (code == AttributeType.MESSAGE_INTEGRITY_SHA256.code()) {
                index = integritySha256 < 0;
            } else if (code == AttributeType.MESSAGE_INTEGRITY.code()) {
                index = integrity < 0 && integritySha256 < 0;
            } else {
                index = integrity < 0 && integritySha256 < 0;
            }
            if (index) {
                if (count * 3 == attrs.length) {
                    attrs = Arrays.copyOf(attrs, attrs.length * 2);
                }
                int i = count++;
                attrs[3 * i] = code;
                attrs[3 * i + 1] = valueOff;
                attrs[3 * i + 2] = vlen;
                if (code == AttributeType.FINGERPRINT.code()) {
                    fingerprint = i;
                } else if (code == AttributeType.MESSAGE_INTEGRITY_SHA256.code()) {
                    integritySha256 = i;
                } else if (code == AttributeType.MESSAGE_INTEGRITY.code()) {
                    integrity = i;
                }
            }
            pos = next;
        }
        return new StunMessage(b, attrs, count, integrity, integritySha256, fingerprint);
    }

    public MessageType type() {
        return type;
    }

    public StunMethod method() {
        return type.method();
    }

    public MessageClass messageClass() {
        return type.messageClass();
    }

    public TransactionId transactionId() {
        return transactionId;
    }

    /** The message size in bytes, header included. */
    public int size() {
        return raw.length;
    }

    /** A copy of the encoded message. */
    public byte[] toByteArray() {
        return raw.clone();
    }

    /** The attributes that count (see the class comment), in wire order. */
    public int attributeCount() {
        return count;
    }

    public AttributeType attributeType(int i) {
        return AttributeType.valueOf(attributeCode(i));
    }

    public int attributeCode(int i) {
        checkIndex(i);
        return attrs[3 * i];
    }

    /** Offset of attribute {@code i}'s value in {@link #toByteArray()}. */
    public int valueOffset(int i) {
        checkIndex(i);
        return attrs[3 * i + 1];
    }

    public int valueLength(int i) {
        checkIndex(i);
        return attrs[3 * i + 2];
    }

    /** A copy of attribute {@code i}'s value. */
    public byte[] value(int i) {
        return Arrays.copyOfRange(raw, valueOffset(i), valueOffset(i) + valueLength(i));
    }

    /** Index of the first attribute of this type, or -1. */
    public int indexOf(AttributeType type) {
        int code = type.code();
        for (int i = 0; i < count; i++) {
            if (attrs[3 * i] == code) {
                return i;
            }
        }
        return -1;
    }

    public boolean contains(AttributeType type) {
        return indexOf(type) >= 0;
    }

    public List<AttributeType> attributeTypes() {
        List<AttributeType> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(attributeType(i));
        }
        return types;
    }

    /**
     * The comprehension-required attributes (RFC 8489 Section 14) whose codes {@code understood} does not
     * report as understood, in wire order and without duplicates: the content of a 420 response's
     * UNKNOWN-ATTRIBUTES.
     */
    public List<AttributeType> unknownComprehensionRequired(java.util.function.IntPredicate understood) {
        List<AttributeType> unknown = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int code = attrs[3 * i];
            if (AttributeType.isComprehensionRequired(code) && !understood.test(code)) {
                AttributeType t = AttributeType.valueOf(code);
                if (!unknown.contains(t)) {
                    unknown.add(t);
                }
            }
        }
        return unknown;
    }

    int integrityIndex() {
        return integrity;
    }

    int integritySha256Index() {
        return integritySha256;
    }

    int fingerprintIndex() {
        return fingerprint;
    }

    byte[] rawBytes() {
        return raw;
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("attribute " + i + " of " + count);
        }
    }

    @Override
    public String toString() {
        return type + " " + transactionId + " " + attributeTypes();
    }
}

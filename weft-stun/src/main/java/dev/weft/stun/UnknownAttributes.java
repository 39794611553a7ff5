package dev.weft.stun;

import java.util.ArrayList;
import java.util.List;

/**
 * UNKNOWN-ATTRIBUTES (RFC 8489 Section 14.13): the 16-bit types of the comprehension-required attributes
 * the server did not understand, sent with a 420 error.
 */
public record UnknownAttributes(List<AttributeType> types) implements StunAttribute {
    /** Bytes per listed type. */
    public static final int ENTRY_SIZE = 2;

    public UnknownAttributes {
        types = List.copyOf(types);
        if (types.size() * ENTRY_SIZE > 0xFFFF) {
            throw new IllegalArgumentException("too many unknown attributes");
        }
    }

    @Override
    public AttributeType type() {
        return AttributeType.UNKNOWN_ATTRIBUTES;
    }

    @Override
    public int valueLength() {
        return types.size() * ENTRY_SIZE;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        for (int i = 0; i < types.size(); i++) {
            Bytes.put16(dst, off + ENTRY_SIZE * i, types.get(i).code());
        }
    }

    public static UnknownAttributes decode(byte[] b, int off, int len) throws StunParseException {
        if (len % ENTRY_SIZE != 0) {
            throw StunParseException.badLength(AttributeType.UNKNOWN_ATTRIBUTES, len, "a multiple of 2");
        }
        List<AttributeType> types = new ArrayList<>(len / ENTRY_SIZE);
        for (int i = 0; i < len; i += ENTRY_SIZE) {
            types.add(AttributeType.valueOf(Bytes.u16(b, off + i)));
        }
        return new UnknownAttributes(types);
    }

    public static UnknownAttributes getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.UNKNOWN_ATTRIBUTES);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

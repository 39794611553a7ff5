package dev.weft.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Any attribute as its type and raw value bytes (RFC 8489 Section 14): for types this package has no class for
 * (PRIORITY, ICE-CONTROLLED, ...) and for tests that need to write unusual messages.
 */
public final class RawAttribute implements StunAttribute {
    private final AttributeType type;
    private final byte[] value;

    public RawAttribute(AttributeType type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value too long: " + value.length);
        }
        this.type = type;
        this.value = value.clone();
    }

    /** Attribute {@code i} of {@code message} as it is on the wire. */
    public static RawAttribute of(StunMessage message, int i) {
        return new RawAttribute(message.attributeType(i), message.value(i));
    }

    public byte[] value() {
        return value.clone();
    }

    @Override
    public AttributeType type() {
        return type;
    }

    @Override
    public int valueLength() {
        return value.length;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        System.arraycopy(value, 0, dst, off, value.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAttribute r && r.type.equals(type) && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return type + "(" + HexFormat.of().formatHex(value) + ")";
    }
}

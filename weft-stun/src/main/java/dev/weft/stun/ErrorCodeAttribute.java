package dev.weft.stun;

import java.nio.charset.StandardCharsets;

/**
 * ERROR-CODE (RFC 8489 Section 14.8): two zero bytes, the class (hundreds digit, 3 bits), the number
 * (0-99), then a UTF-8 reason phrase of fewer than 128 characters.
 */
public record ErrorCodeAttribute(ErrorCode code, String reason) implements StunAttribute {
    /** Size of the fixed part before the reason phrase. */
    public static final int HEADER_SIZE = 4;
    /** The largest reason phrase accepted, in bytes. */
    public static final int MAX_REASON_SIZE = 763;

    public ErrorCodeAttribute {
        if (code == null) {
            throw new IllegalArgumentException("ERROR-CODE needs a code");
        }
        TextCodec.check(AttributeType.ERROR_CODE, reason, MAX_REASON_SIZE);
    }

    /** The code with its default reason phrase. */
    public ErrorCodeAttribute(ErrorCode code) {
        this(code, code.reason());
    }

    @Override
    public AttributeType type() {
        return AttributeType.ERROR_CODE;
    }

    @Override
    public int valueLength() {
        return HEADER_SIZE + reason.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        dst[off] = 0;
        dst[off + 1] = 0;
        dst[off + 2] = (byte) (code.code() / 100);
        dst[off + 3] = (byte) (code.code() % 100);
        byte[] b = reason.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, dst, off + HEADER_SIZE, b.length);
    }

    public static ErrorCodeAttribute decode(byte[] b, int off, int len) throws StunParseException {
        if (len < HEADER_SIZE) {
            throw StunParseException.badLength(AttributeType.ERROR_CODE, len, "at least 4");
        }
        int cls = b[off + 2] & 0x07;
        int number = b[off + 3] & 0xFF;
        if (cls < 3 || cls > 6 || number > 99) {
            throw new StunParseException("ERROR-CODE: class " + cls + " number " + number
                    + " is outside 300..699 (RFC 8489 Section 14.8)");
        }
        String reason = TextCodec.decode(AttributeType.ERROR_CODE, b, off + HEADER_SIZE, len - HEADER_SIZE,
                MAX_REASON_SIZE);
        return new ErrorCodeAttribute(ErrorCode.valueOf(cls * 100 + number), reason);
    }

    public static ErrorCodeAttribute getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.ERROR_CODE);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

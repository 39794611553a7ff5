package dev.weft.stun;

import java.util.zip.CRC32;

/**
 * FINGERPRINT (RFC 8489 Section 14.7): CRC-32 of the message up to this attribute, XOR 0x5354554e, with the
 * header length covering the fingerprint. Always the last attribute.
 */
public final class Fingerprint {
    /** Value size: a 32-bit CRC. */
    public static final int SIZE = 4;
    /** The value XORed into the CRC, "STUN" in ASCII. */
    public static final int XOR = 0x5354554e;

    private Fingerprint() {
    }

    /** True if the message ends with a FINGERPRINT that matches its content. */
    public static boolean check(StunMessage message) {
        int i = message.fingerprintIndex();
        if (i < 0 || message.valueLength(i) != SIZE) {
            return false;
        }
        int valueOff = message.valueOffset(i);
        byte[] raw = message.rawBytes();
        return Bytes.i32(raw, valueOff) == compute(raw, valueOff - 4);
    }

    public static boolean isPresent(StunMessage message) {
        return message.fingerprintIndex() >= 0;
    }

    /** The fingerprint for an attribute whose header starts at {@code attrOff} in {@code msg}. */
    static int compute(byte[] msg, int attrOff) {
        CRC32 crc = new CRC32();
        int adjusted = attrOff + 4 + SIZE - StunHeader.SIZE;
        crc.update(msg, 0, 2);
        crc.update(adjusted >>> 8);
        crc.update(adjusted);
        crc.update(msg, 4, attrOff - 4);
        return (int) crc.getValue() ^ XOR;
    }
}

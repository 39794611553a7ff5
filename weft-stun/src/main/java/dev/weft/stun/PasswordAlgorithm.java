package dev.weft.stun;

import java.util.Arrays;

/**
 * PASSWORD-ALGORITHM (RFC 8489 Section 14.12 and 18.5): the algorithm (16 bits, an open registry: 0x0001 MD5,
 * 0x0002 SHA-256) and its parameters, padded to four bytes. Also one entry of {@link PasswordAlgorithms}.
 */
public final class PasswordAlgorithm implements StunAttribute {
    /** Size of the fixed part before the parameters. */
    public static final int HEADER_SIZE = 4;
    public static final int MD5 = 0x0001;
    public static final int SHA256 = 0x0002;

    private final int algorithm;
    private final byte[] parameters;

    public PasswordAlgorithm(int algorithm, byte[] parameters) {
        if (algorithm < 0 || algorithm > 0xFFFF || parameters.length > 0xFFFF - HEADER_SIZE) {
            throw new IllegalArgumentException("bad PASSWORD-ALGORITHM");
        }
        this.algorithm = algorithm;
        this.parameters = parameters.clone();
    }

    public PasswordAlgorithm(int algorithm) {
        this(algorithm, new byte[0]);
    }

    public int algorithm() {
        return algorithm;
    }

    public byte[] parameters() {
        return parameters.clone();
    }

    /** Bytes this entry takes inside PASSWORD-ALGORITHMS (parameters padded). */
    int encodedSize() {
        return HEADER_SIZE + Bytes.padded(parameters.length);
    }

    @Override
    public AttributeType type() {
        return AttributeType.PASSWORD_ALGORITHM;
    }

    @Override
    public int valueLength() {
        return HEADER_SIZE + parameters.length;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        Bytes.put16(dst, off, algorithm);
        Bytes.put16(dst, off + 2, parameters.length);
        System.arraycopy(parameters, 0, dst, off + HEADER_SIZE, parameters.length);
    }

    public static PasswordAlgorithm decode(byte[] b, int off, int len) throws StunParseException {
        if (len < HEADER_SIZE) {
            throw StunParseException.badLength(AttributeType.PASSWORD_ALGORITHM, len, "at least 4");
        }
        int plen = Bytes.u16(b, off + 2);
        if (plen > len - HEADER_SIZE) {
            throw new StunParseException("PASSWORD-ALGORITHM: parameters length " + plen + " runs past the value");
        }
        return new PasswordAlgorithm(Bytes.u16(b, off), Arrays.copyOfRange(b, off + 4, off + 4 + plen));
    }

    public static PasswordAlgorithm getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.PASSWORD_ALGORITHM);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PasswordAlgorithm p && p.algorithm == algorithm && Arrays.equals(p.parameters, parameters);
    }

    @Override
    public int hashCode() {
        return algorithm * 31 + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return algorithm == MD5 ? "MD5" : algorithm == SHA256 ? "SHA-256" : String.format("0x%04x", algorithm);
    }
}

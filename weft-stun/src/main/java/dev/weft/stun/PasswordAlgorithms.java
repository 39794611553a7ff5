package dev.weft.stun;

import java.util.ArrayList;
import java.util.List;

/**
 * PASSWORD-ALGORITHMS (RFC 8489 Section 14.11): the list of password algorithms a server supports, in order of
 * preference; each entry is algorithm, parameters length, parameters padded to four bytes.
 */
public record PasswordAlgorithms(List<PasswordAlgorithm> algorithms) implements StunAttribute {
    public PasswordAlgorithms {
        algorithms = List.copyOf(algorithms);
    }

    @Override
    public AttributeType type() {
        return AttributeType.PASSWORD_ALGORITHMS;
    }

    @Override
    public int valueLength() {
        int n = 0;
        for (PasswordAlgorithm a : algorithms) {
            n += a.encodedSize();
        }
        return n;
    }

    @Override
    public void writeValue(byte[] dst, int off, TransactionId transactionId) {
        for (PasswordAlgorithm a : algorithms) {
            java.util.Arrays.fill(dst, off, off + a.encodedSize(), (byte) 0);
            a.writeValue(dst, off, transactionId);
            off += a.encodedSize();
        }
    }

    public static PasswordAlgorithms decode(byte[] b, int off, int len) throws StunParseException {
        List<PasswordAlgorithm> list = new ArrayList<>();
        int end = off + len;
        while (off < end) {
            if (end - off < PasswordAlgorithm.HEADER_SIZE) {
                throw new StunParseException("PASSWORD-ALGORITHMS: truncated entry (RFC 8489 Section 14.11)");
            }
            int plen = Bytes.u16(b, off + 2);
            int size = PasswordAlgorithm.HEADER_SIZE + Bytes.padded(plen);
            if (size > end - off) {
                throw new StunParseException("PASSWORD-ALGORITHMS: entry runs past the value");
            }
            list.add(PasswordAlgorithm.decode(b, off, PasswordAlgorithm.HEADER_SIZE + plen));
            off += size;
        }
        return new PasswordAlgorithms(list);
    }

    public static PasswordAlgorithms getFrom(StunMessage message) throws StunParseException {
        int i = message.indexOf(AttributeType.PASSWORD_ALGORITHMS);
        return i < 0 ? null : decode(message.rawBytes(), message.valueOffset(i), message.valueLength(i));
    }
}

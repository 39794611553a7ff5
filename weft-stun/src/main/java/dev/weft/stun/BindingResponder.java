package dev.weft.stun;

import java.util.zip.CRC32;

/**
 * An allocation-free answer to plain Binding requests (RFC 8489 Section 6.3.1 and 14.2), for a server that
 * takes a flood of them: {@link #isPlainBindingRequest} checks a request in place, {@link #writeSuccess} writes
 * the success response (XOR-MAPPED-ADDRESS, optional SOFTWARE, FINGERPRINT) into a caller's array.
 * Anything unusual (unknown comprehension-required attributes, a bad FINGERPRINT, a malformed TLV) is left to
 * the full decoder, which answers or drops it properly. Not thread-safe: one instance per thread.
 */
public final class BindingResponder {
    private static final int BINDING_REQUEST = MessageType.BINDING_REQUEST.encode();
    private static final int BINDING_SUCCESS = MessageType.BINDING_SUCCESS.encode();

    private final CRC32 crc = new CRC32();
    private final byte[] software;

    /** {@code software}: the SOFTWARE value to send, or null for none. */
    public BindingResponder(String software) {
        this.software = software == null || software.isEmpty() ? null
                : TextCodec.encode(AttributeType.SOFTWARE, software, Software.MAX_SIZE);
    }

    /** Largest response {@link #writeSuccess} writes. */
    public int maxResponseSize() {
        return StunHeader.SIZE + 4 + AddressCodec.SIZE_IPV6 + (software == null ? 0 : 4 + Bytes.padded(software.length))
                + 4 + Fingerprint.SIZE;
    }

    /**
     * True if the {@code len} bytes at {@code off} are a well-formed Binding request whose comprehension-required
     * attributes are only USERNAME, MESSAGE-INTEGRITY(-SHA256), PRIORITY or USE-CANDIDATE (ignored by a STUN
     * server), and whose FINGERPRINT, if any, is last and correct.
     */
    public boolean isPlainBindingRequest(byte[] b, int off, int len) {
        if (off < 0 || len < StunHeader.SIZE || len > b.length - off || Bytes.u16(b, off) != BINDING_REQUEST
                || Bytes.i32(b, off + 4) != StunHeader.MAGIC_COOKIE || StunHeader.SIZE + Bytes.u16(b, off + 2) != len
                || (len & 3) != 0) {
            return false;
        }
        int pos = off + StunHeader.SIZE;
        int end = off + len;
        while (pos < end) {
            if (end - pos < 4) {
                return false;
            }
            int code = Bytes.u16(b, pos);
            int vlen = Bytes.u16(b, pos + 2);
            int next = pos + 4 + Bytes.padded(vlen);
            if (next > end) {
                return false;
            }
            if (code == AttributeType.FINGERPRINT.code()) {
                if (next != end || vlen != Fingerprint.SIZE || Bytes.i32(b, pos + 4) != fingerprint(b, off, pos)) {
                    return false;
                }
            } else if (AttributeType.isComprehensionRequired(code) && code != AttributeType.USERNAME.code()
                    && code != AttributeType.MESSAGE_INTEGRITY.code() && code != AttributeType.MESSAGE_INTEGRITY_SHA256.code()
                    && code != AttributeType.PRIORITY.code() && code != AttributeType.USE_CANDIDATE.code()) {
                return false;
            }
            pos = next;
        }
        return true;
    }

    /**
     * Writes the success response to the request at {@code reqOff} into {@code dst} at {@code off}; returns its
     * length. {@code ip} is 4 or 16 bytes.
     */
    public int writeSuccess(byte[] request, int reqOff, byte[] ip, int port, byte[] dst, int off) {
        Bytes.put16(dst, off, BINDING_SUCCESS);
        Bytes.put32(dst, off + 4, StunHeader.MAGIC_COOKIE);
        System.arraycopy(request, reqOff + StunHeader.TRANSACTION_ID_OFFSET, dst, off + StunHeader.TRANSACTION_ID_OFFSET,
                TransactionId.SIZE);
        int p = off + StunHeader.SIZE;
        Bytes.put16(dst, p, AttributeType.XOR_MAPPED_ADDRESS.code());
        Bytes.put16(dst, p + 2, 4 + ip.length);
        dst[p + 4] = 0;
        dst[p + 5] = (byte) (ip.length == 4 ? AddressCodec.FAMILY_IPV4 : AddressCodec.FAMILY_IPV6);
        Bytes.put16(dst, p + 6, port ^ (StunHeader.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < ip.length; i++) {
            dst[p + 8 + i] = (byte) (ip[i] ^ dst[off + 4 + i]);
        }
        p += 8 + ip.length;
        if (software != null) {
            Bytes.put16(dst, p, AttributeType.SOFTWARE.code());
            Bytes.put16(dst, p + 2, software.length);
            System.arraycopy(software, 0, dst, p + 4, software.length);
            for (int i = p + 4 + software.length; i < p + 4 + Bytes.padded(software.length); i++) {
                dst[i] = 0;
            }
            p += 4 + Bytes.padded(software.length);
        }
        Bytes.put16(dst, off + 2, p + 4 + Fingerprint.SIZE - off - StunHeader.SIZE);
        Bytes.put16(dst, p, AttributeType.FINGERPRINT.code());
        Bytes.put16(dst, p + 2, Fingerprint.SIZE);
        Bytes.put32(dst, p + 4, fingerprint(dst, off, p));
        return p + 4 + Fingerprint.SIZE - off;
    }

    /** FINGERPRINT for a message at {@code off} whose FINGERPRINT attribute header is at {@code attrOff}. */
    private int fingerprint(byte[] b, int off, int attrOff) {
        crc.reset();
        int adjusted = attrOff + 4 + Fingerprint.SIZE - off - StunHeader.SIZE;
        crc.update(b, off, 2);
        crc.update(adjusted >>> 8);
        crc.update(adjusted);
        crc.update(b, off + 4, attrOff - off - 4);
        return (int) crc.getValue() ^ Fingerprint.XOR;
    }
}

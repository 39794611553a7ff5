package dev.weft.stun;

import java.nio.ByteBuffer;

/**
 * The fixed 20-byte STUN header (RFC 8489 Section 5): type (2), length (2), magic cookie (4),
 * transaction ID (12). Allocation-free checks on {@link ByteBuffer} slices, for the server's demultiplexer.
 */
public final class StunHeader {
    /** Header size in bytes. */
    public static final int SIZE = 20;
    /** The fixed magic cookie, 0x2112A442 (RFC 8489 Section 5). */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** The largest message the 16-bit length field allows. */
    public static final int MAX_MESSAGE_SIZE = SIZE + 0xFFFC;
    /** Offset of the transaction ID. */
    public static final int TRANSACTION_ID_OFFSET = 8;

    private StunHeader() {
    }

    /**
     * True if {@code len} bytes at {@code off} start like a STUN message: two zero leading bits, the magic cookie
     * and a length field that is a multiple of four (RFC 8489 Section 6.3). The total may exceed {@code len} when
     * reading from a stream; see {@link #messageSize}.
     */
    public static boolean looksLikeStun(ByteBuffer buf, int off, int len) {
        return len >= SIZE
                && (buf.get(off) & 0xC0) == 0
                && buf.getInt(off + 4) == MAGIC_COOKIE
                && (buf.getShort(off + 2) & 0x3) == 0;
    }

    /** The whole message size (header plus the length field) of a header at {@code off}. */
    public static int messageSize(ByteBuffer buf, int off) {
        return SIZE + (buf.getShort(off + 2) & 0xFFFF);
    }

    /** The 14-bit message type at {@code off}. */
    public static int messageType(ByteBuffer buf, int off) {
        return buf.getShort(off) & 0x3FFF;
    }
}

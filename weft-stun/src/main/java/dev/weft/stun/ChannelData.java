package dev.weft.stun;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * ChannelData framing (RFC 8656 Section 12.4 and 12.5): a 16-bit channel number, a 16-bit data length, the data,
 * and over TCP/TLS zero padding to a multiple of four. The first two bits are 01, which tells it apart from STUN
 * (00) on the same 5-tuple.
 *
 * <p>The static methods on {@link ByteBuffer} use absolute indexes and allocate nothing: they are the relay's
 * hot path. {@link #decode(byte[])} is the checked, object-building form for tests and tools.
 */
public final class ChannelData {
    /** Size of the channel number and length fields. */
    public static final int HEADER_SIZE = 4;
    /** Lowest channel number (RFC 8656 Section 12). */
    public static final int MIN_CHANNEL = 0x4000;
    /** Highest channel number a client may bind under RFC 8656 (Section 12). */
    public static final int MAX_CHANNEL = 0x4FFF;
    /** Highest channel number RFC 5766 (Section 11) allowed; coturn and older clients still use 0x5000-0x7FFF. */
    public static final int MAX_CHANNEL_RFC5766 = 0x7FFF;

    private ChannelData() {
    }

    /** A decoded frame, for tests and tools. */
    public record Frame(int channel, byte[] data) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && f.channel == channel && Arrays.equals(f.data, data);
        }

        @Override
        public int hashCode() {
            return channel * 31 + Arrays.hashCode(data);
        }
    }

    /** True if a packet starting with this byte is ChannelData rather than STUN (first two bits 01). */
    public static boolean isChannelData(int firstByte) {
        return (firstByte & 0xC0) == 0x40;
    }

    /** True if {@code channel} may be bound: 0x4000-0x4FFF, or up to 0x7FFF when {@code rfc5766Range}. */
    public static boolean isValidChannel(int channel, boolean rfc5766Range) {
        return channel >= MIN_CHANNEL && channel <= (rfc5766Range ? MAX_CHANNEL_RFC5766 : MAX_CHANNEL);
    }

    public static int channelNumber(ByteBuffer buf, int off) {
        return buf.getShort(off) & 0xFFFF;
    }

    public static int dataLength(ByteBuffer buf, int off) {
        return buf.getShort(off + 2) & 0xFFFF;
    }

    /**
     * For a datagram of {@code len} bytes at {@code off}: its data length if it is well-formed ChannelData
     * (a length field no larger than what follows; trailing padding is allowed), otherwise -1.
     */
    public static int checkDatagram(ByteBuffer buf, int off, int len) {
        if (len < HEADER_SIZE || !isChannelData(buf.get(off))) {
            return -1;
        }
        int dataLen = dataLength(buf, off);
        return dataLen <= len - HEADER_SIZE ? dataLen : -1;
    }

    /** Bytes a frame with {@code dataLength} bytes of data takes, padded to four when {@code padded}. */
    public static int frameSize(int dataLength, boolean padded) {
        return HEADER_SIZE + (padded ? Bytes.padded(dataLength) : dataLength);
    }

    public static void writeHeader(ByteBuffer buf, int off, int channel, int dataLength) {
        buf.putShort(off, (short) channel);
        buf.putShort(off + 2, (short) dataLength);
    }

    /** Encodes a frame; {@code padded} for TCP and TLS (RFC 8656 Section 12.5). */
    public static byte[] encode(int channel, byte[] data, boolean padded) {
        if (!isChannelData(channel >>> 8) || data.length > 0xFFFF) {
            throw new IllegalArgumentException("channel 0x" + Integer.toHexString(channel) + " with "
                    + data.length + " bytes cannot be ChannelData");
        }
        byte[] out = new byte[frameSize(data.length, padded)];
        Bytes.put16(out, 0, channel);
        Bytes.put16(out, 2, data.length);
        System.arraycopy(data, 0, out, HEADER_SIZE, data.length);
        return out;
    }

    /** Decodes one frame that fills {@code b}, padding allowed. */
    public static Frame decode(byte[] b) throws StunParseException {
        if (b.length < HEADER_SIZE) {
            throw new StunParseException("ChannelData shorter than its 4-byte header (RFC 8656 Section 12.4)");
        }
        if (!isChannelData(b[0])) {
            throw new StunParseException("ChannelData must start with bits 01 (RFC 8656 Section 12.4)");
        }
        int len = Bytes.u16(b, 2);
        if (len > b.length - HEADER_SIZE) {
            throw new StunParseException("ChannelData length " + len + " exceeds the " + (b.length - HEADER_SIZE)
                    + " bytes that follow (RFC 8656 Section 12.5)");
        }
        if (b.length - HEADER_SIZE - len > 3) {
            throw new StunParseException("ChannelData has more than 3 bytes of padding");
        }
        return new Frame(Bytes.u16(b, 0), Arrays.copyOfRange(b, HEADER_SIZE, HEADER_SIZE + len));
    }
}

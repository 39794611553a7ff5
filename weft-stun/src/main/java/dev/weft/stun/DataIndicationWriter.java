package dev.weft.stun;

import java.nio.ByteBuffer;

/**
 * Writes the header part of a Data indication (RFC 8656 Section 11.3 and 11.4) in front of a payload that is
 * already in place, so the relay can wrap a peer's datagram without copying it or building objects:
 * STUN header, XOR-PEER-ADDRESS, then the DATA attribute header. The caller writes the payload at
 * {@code off + headerSize(ipLength)} and {@link #paddingSize} zero bytes after it.
 */
public final class DataIndicationWriter {
    private static final int DATA_INDICATION = MessageType.encode(StunMethod.DATA.code(), MessageClass.INDICATION.bits());

    private DataIndicationWriter() {
    }

    /** Bytes in front of the payload, for a 4-byte (IPv4) or 16-byte (IPv6) peer address. */
    public static int headerSize(int ipLength) {
        return StunHeader.SIZE + 4 + 4 + ipLength + 4;
    }

    /** Zero bytes that must follow a payload of {@code dataLength} bytes. */
    public static int paddingSize(int dataLength) {
        return Bytes.padded(dataLength) - dataLength;
    }

    /**
     * Writes the header at {@code off}. The transaction ID is {@code txHigh} (8 bytes) then {@code txLow}
     * (4 bytes); indications need a random one, which the caller draws.
     */
    public static void writeHeader(ByteBuffer buf, int off, byte[] peerIp, int ipLength, int peerPort,
                                   int dataLength, long txHigh, int txLow) {
        int attrs = 4 + 4 + ipLength + 4 + Bytes.padded(dataLength);
        buf.putShort(off, (short) DATA_INDICATION);
        buf.putShort(off + 2, (short) attrs);
        buf.putInt(off + 4, StunHeader.MAGIC_COOKIE);
        buf.putLong(off + 8, txHigh);
        buf.putInt(off + 16, txLow);
        int p = off + StunHeader.SIZE;
        buf.putShort(p, (short) AttributeType.XOR_PEER_ADDRESS.code());
        buf.putShort(p + 2, (short) (4 + ipLength));
        buf.put(p + 4, (byte) 0);
        buf.put(p + 5, (byte) (ipLength == 4 ? AddressCodec.FAMILY_IPV4 : AddressCodec.FAMILY_IPV6));
        buf.putShort(p + 6, (short) (peerPort ^ (StunHeader.MAGIC_COOKIE >>> 16)));
        for (int i = 0; i < ipLength; i++) {
            buf.put(p + 8 + i, (byte) (peerIp[i] ^ buf.get(off + 4 + i)));
        }
        p += 8 + ipLength;
        buf.putShort(p, (short) AttributeType.DATA.code());
        buf.putShort(p + 2, (short) dataLength);
    }
}

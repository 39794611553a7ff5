package dev.weft.stun;

import java.nio.ByteBuffer;

/**
 * An allocation-free reader for Send indications (RFC 8656 Section 11.1 and 11.2), reused packet after packet
 * on the relay's hot path: it finds XOR-PEER-ADDRESS and DATA without building attribute objects.
 *
 * <p>{@link #parse} returns false for anything that is not a well-formed Send indication with both attributes,
 * or that carries a comprehension-required attribute other than XOR-PEER-ADDRESS, DATA and DONT-FRAGMENT:
 * such indications are discarded silently (RFC 8489 Section 6.3.2). Not thread-safe: one view per thread.
 */
public final class SendIndicationView {
    private static final int SEND_INDICATION = MessageType.encode(StunMethod.SEND.code(), MessageClass.INDICATION.bits());

    private final byte[] peerIp = new byte[16];
    private int peerIpLength;
    private int peerPort;
    private int dataOffset;
    private int dataLength;
    private boolean dontFragment;

    /** Reads the indication of {@code len} bytes at {@code off}; true if it can be relayed. */
    public boolean parse(ByteBuffer buf, int off, int len) {
        peerIpLength = 0;
        dataOffset = -1;
        dontFragment = false;
        if (!StunHeader.looksLikeStun(buf, off, len) || StunHeader.messageSize(buf, off) != len
                || StunHeader.messageType(buf, off) != SEND_INDICATION) {
            return false;
        }
        int pos = off + StunHeader.SIZE;
        int end = off + len;
        while (pos < end) {
            if (end - pos < 4) {
                return false;
            }
            int code = buf.getShort(pos) & 0xFFFF;
            int vlen = buf.getShort(pos + 2) & 0xFFFF;
            int value = pos + 4;
            if (vlen > end - value || value + Bytes.padded(vlen) > end) {
                return false;
            }
            if (code == AttributeType.XOR_PEER_ADDRESS.code()) {
                if (peerIpLength == 0 && !readPeer(buf, off, value, vlen)) {
                    return false;
                }
            } else if (code == AttributeType.DATA.code()) {
                if (dataOffset < 0) {
                    dataOffset = value;
                    dataLength = vlen;
                }
            } else if (code == AttributeType.DONT_FRAGMENT.code()) {
                dontFragment = true;
            } else if (AttributeType.isComprehensionRequired(code)) {
                return false;
            }
            pos = value + Bytes.padded(vlen);
        }
        return peerIpLength != 0 && dataOffset >= 0;
    }

    private boolean readPeer(ByteBuffer buf, int msgOff, int value, int vlen) {
        int family = buf.get(value + 1);
        int ipLen = family == AddressCodec.FAMILY_IPV4 ? 4 : family == AddressCodec.FAMILY_IPV6 ? 16 : 0;
        if (ipLen == 0 || vlen != 4 + ipLen) {
            return false;
        }
        peerPort = (buf.getShort(value + 2) & 0xFFFF) ^ (StunHeader.MAGIC_COOKIE >>> 16);
        for (int i = 0; i < ipLen; i++) {
            // bytes 0-3 XOR the cookie, 4-15 the transaction ID at msgOff + 8
            peerIp[i] = (byte) (buf.get(value + 4 + i) ^ buf.get(msgOff + 4 + i));
        }
        peerIpLength = ipLen;
        return true;
    }

    /** The peer's IP address bytes; a shared array valid until the next {@link #parse}, of {@link #peerIpLength()}. */
    public byte[] peerIp() {
        return peerIp;
    }

    /** 4 for IPv4, 16 for IPv6. */
    public int peerIpLength() {
        return peerIpLength;
    }

    public int peerPort() {
        return peerPort;
    }

    /** Absolute offset of the DATA value in the parsed buffer. */
    public int dataOffset() {
        return dataOffset;
    }

    public int dataLength() {
        return dataLength;
    }

    public boolean dontFragment() {
        return dontFragment;
    }

    /** True if the peer address equals the {@code ip} bytes. */
    public boolean peerIpEquals(byte[] ip) {
        if (ip.length != peerIpLength) {
            return false;
        }
        for (int i = 0; i < peerIpLength; i++) {
            if (ip[i] != peerIp[i]) {
                return false;
            }
        }
        return true;
    }
}

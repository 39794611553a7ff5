package dev.weft.stun;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The address format shared by MAPPED-ADDRESS, ALTERNATE-SERVER and the XOR-*-ADDRESS attributes
 * (RFC 8489 Section 14.1 and 14.2): a zero byte, the family (0x01 IPv4, 0x02 IPv6), the port and the address;
 * in the XOR form the port is XORed with the cookie's top 16 bits and the address with the cookie
 * (IPv4) or the cookie followed by the transaction ID (IPv6).
 */
final class AddressCodec {
    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;
    /** Value size for an IPv4 address. */
    static final int SIZE_IPV4 = 8;
    /** Value size for an IPv6 address. */
    static final int SIZE_IPV6 = 20;

    private AddressCodec() {
    }

    static int size(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address ? SIZE_IPV4 : SIZE_IPV6;
    }

    static InetSocketAddress requireResolved(InetSocketAddress address) {
        if (address == null || address.getAddress() == null) {
            throw new IllegalArgumentException("an address attribute needs a resolved IP address: " + address);
        }
        return address;
    }

    static void write(byte[] dst, int off, InetSocketAddress address, boolean xor, TransactionId id) {
        byte[] ip = address.getAddress().getAddress();
        write(dst, off, ip, address.getPort(), xor, id == null ? null : id.raw());
    }

    /** Writes the value from raw address bytes; allocation-free, for the hot path. */
    static void write(byte[] dst, int off, byte[] ip, int port, boolean xor, byte[] transactionId) {
        dst[off] = 0;
        dst[off + 1] = (byte) (ip.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
        Bytes.put16(dst, off + 2, xor ? port ^ (StunHeader.MAGIC_COOKIE >>> 16) : port);
        for (int i = 0; i < ip.length; i++) {
            dst[off + 4 + i] = xor ? (byte) (ip[i] ^ xorByte(i, transactionId)) : ip[i];
        }
    }

    /** Byte {@code i} of cookie || transaction ID. */
    static byte xorByte(int i, byte[] transactionId) {
        return i < 4 ? (byte) (StunHeader.MAGIC_COOKIE >>> (24 - 8 * i)) : transactionId[i - 4];
    }

    static InetSocketAddress read(AttributeType type, byte[] b, int off, int len, boolean xor, TransactionId id)
            throws StunParseException {
        if (len < 4) {
            throw StunParseException.badLength(type, len, "8 (IPv4) or 20 (IPv6)");
        }
        int family = b[off + 1] & 0xFF;
        int ipLen;
        if (family == FAMILY_IPV4) {
            ipLen = 4;
        } else if (family == FAMILY_IPV6) {
            ipLen = 16;
        } else {
            throw new StunParseException(type + ": unknown address family 0x" + Integer.toHexString(family)
                    + " (RFC 8489 Section 14.1)");
        }
        if (len != 4 + ipLen) {
            throw StunParseException.badLength(type, len, String.valueOf(4 + ipLen));
        }
        int port = Bytes.u16(b, off + 2);
        byte[] ip = new byte[ipLen];
        for (int i = 0; i < ipLen; i++) {
            ip[i] = xor ? (byte) (b[off + 4 + i] ^ xorByte(i, id.raw())) : b[off + 4 + i];
        }
        if (xor) {
            port ^= StunHeader.MAGIC_COOKIE >>> 16;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new StunParseException(type + ": bad address");
        }
    }
}

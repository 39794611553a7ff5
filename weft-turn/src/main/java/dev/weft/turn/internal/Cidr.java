package dev.weft.turn.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 prefix such as {@code 10.0.0.0/8} or {@code fe80::/10}; a bare address is a /32 or /128. */
public record Cidr(byte[] prefix, int bits) {
    public static Cidr parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        String host = slash < 0 ? s : s.substring(0, slash);
        if (!host.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an IP prefix (no host names): " + text);
        }
        try {
            byte[] addr = InetAddress.getByName(host).getAddress();
            int bits = slash < 0 ? addr.length * 8 : Integer.parseInt(s.substring(slash + 1));
            if (bits < 0 || bits > addr.length * 8) {
                throw new IllegalArgumentException("prefix length out of range: " + text);
            }
            return new Cidr(addr, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP prefix: " + text, e);
        }
    }

    /** True if {@code addr} (4 or 16 bytes) is inside this prefix of the same family. */
    public boolean contains(byte[] addr) {
        if (addr.length != prefix.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (addr[i] != prefix[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (addr[full] & mask) == (prefix[full] & mask);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(prefix).getHostAddress() + "/" + bits;
        } catch (UnknownHostException e) {
            return "?/" + bits;
        }
    }
}

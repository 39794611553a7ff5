package dev.weft.turn.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * Which peer addresses an allocation may relay to. By default the ranges a public relay must never reach are
 * denied (RFC 8656 Section 21.5, and coturn's --denied-peer-ip practice): unspecified, loopback, RFC 1918
 * private, CGNAT, link-local, multicast, reserved and broadcast IPv4; unspecified, loopback, ULA, link-local and
 * multicast IPv6; and the IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96) and NAT64 (64:ff9b::/96) forms of the
 * IPv4 ranges. Explicitly allowed CIDRs win over every denial.
 */
public final class PeerPolicy {
    private static final List<Cidr> DEFAULT_DENIED = List.of(
            Cidr.parse("0.0.0.0/8"), Cidr.parse("10.0.0.0/8"), Cidr.parse("100.64.0.0/10"),
            Cidr.parse("127.0.0.0/8"), Cidr.parse("169.254.0.0/16"), Cidr.parse("172.16.0.0/12"),
            Cidr.parse("192.0.0.0/24"), Cidr.parse("192.168.0.0/16"), Cidr.parse("198.18.0.0/15"),
            Cidr.parse("224.0.0.0/4"), Cidr.parse("240.0.0.0/4"),
            Cidr.parse("::/128"), Cidr.parse("::1/128"), Cidr.parse("fc00::/7"), Cidr.parse("fe80::/10"),
            Cidr.parse("ff00::/8"));

    private final List<Cidr> allowed;
    private final List<Cidr> denied;

    public PeerPolicy(List<String> allowed, List<String> denied) {
        this.allowed = allowed.stream().map(Cidr::parse).toList();
        this.denied = denied.stream().map(Cidr::parse).toList();
    }

    public boolean isAllowed(InetAddress peer) {
        return isAllowed(peer.getAddress());
    }

    public boolean isAllowed(byte[] ip) {
        byte[] embedded = embeddedIpv4(ip);
        if (matches(allowed, ip) || (embedded != null && matches(allowed, embedded))) {
            return true;
        }
        if (matches(denied, ip) || matches(DEFAULT_DENIED, ip)) {
            return false;
        }
        return embedded == null || !(matches(denied, embedded) || matches(DEFAULT_DENIED, embedded));
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address, else null. */
    static byte[] embeddedIpv4(byte[] ip) {
        if (ip.length != 16) {
            return null;
        }
        boolean mapped = isZero(ip, 0, 10) && (ip[10] & 0xFF) == 0xFF && (ip[11] & 0xFF) == 0xFF;
        boolean compatible = isZero(ip, 0, 12);
        boolean nat64 = (ip[0] & 0xFF) == 0x00 && (ip[1] & 0xFF) == 0x64 && (ip[2] & 0xFF) == 0xFF
                && (ip[3] & 0xFF) == 0x9B && isZero(ip, 4, 12);
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        return new byte[] {ip[12], ip[13], ip[14], ip[15]};
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(List<Cidr> list, byte[] ip) {
        for (Cidr c : list) {
            if (c.contains(ip)) {
                return true;
            }
        }
        return false;
    }
}

package dev.weft.turn.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The default peer denials (RFC 8656 Section 21.5) and explicit allow/deny CIDRs. */
class PeerPolicyTest {
    private final PeerPolicy defaults = new PeerPolicy(List.of(), List.of());

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.255.0.9", "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "239.255.255.250", "255.255.255.255",
            "240.0.0.1", "192.0.0.8", "198.18.0.1", "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
            "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::10.0.0.1", "64:ff9b::a00:1",
            "64:ff9b::7f00:1"})
    void denied_by_default(String ip) throws Exception {
        assertThat(defaults.isAllowed(raw(ip))).as(ip).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"198.51.100.7", "203.0.113.1", "8.8.8.8", "172.32.0.1", "2001:db8::1", "2606:4700::1111",
            "::ffff:8.8.8.8", "64:ff9b::808:808"})
    void allowed_by_default(String ip) throws Exception {
        assertThat(defaults.isAllowed(raw(ip))).as(ip).isTrue();
    }

    @Test
    void explicit_allow_wins_and_explicit_deny_adds() throws Exception {
        PeerPolicy p = new PeerPolicy(List.of("127.0.0.0/8", "fd00::/8"), List.of("203.0.113.0/24"));
        assertThat(p.isAllowed(raw("127.0.0.1"))).isTrue();
        assertThat(p.isAllowed(raw("::ffff:127.0.0.5"))).isTrue();
        assertThat(p.isAllowed(raw("fd00::5"))).isTrue();
        assertThat(p.isAllowed(raw("10.0.0.1"))).isFalse();
        assertThat(p.isAllowed(raw("203.0.113.9"))).isFalse();
        assertThat(p.isAllowed(raw("203.0.114.9"))).isTrue();
    }

    @Test
    void cidr_parsing() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(new byte[] {10, 1, 2, 3})).isTrue();
        assertThat(Cidr.parse("172.16.0.0/12").contains(new byte[] {(byte) 172, 32, 0, 0})).isFalse();
        assertThat(Cidr.parse("192.0.2.7").contains(new byte[] {(byte) 192, 0, 2, 7})).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(new byte[] {1, 2, 3, 4})).isTrue();
        assertThatThrownBy(() -> Cidr.parse("example.org/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The 16 bytes as written: InetAddress turns ::ffff:a.b.c.d into an IPv4 address, the wire does not. */
    private static byte[] raw(String ip) throws Exception {
        if (ip.startsWith("::ffff:")) {
            byte[] v4 = InetAddress.getByName(ip.substring(7)).getAddress();
            byte[] b = new byte[16];
            b[10] = (byte) 0xFF;
            b[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, b, 12, 4);
            return b;
        }
        return InetAddress.getByName(ip).getAddress();
    }
}

package dev.weft.stun;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** RFC 5769 test vectors, byte for byte, from the fixtures in spec/stun/. */
class Rfc5769Test {
    private static final byte[] SHORT_TERM_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.UTF_8);
    private static final TransactionId TX = TransactionId.of(HexFormat.of().parseHex("b7e7a701bc34d686fa87dfae"));

    @Test
    void section_2_1_sample_request() throws Exception {
        byte[] wire = Fixtures.hex("rfc5769-2.1-sample-request.hex");
        StunMessage m = StunMessage.decode(wire);

        assertThat(m.type()).isEqualTo(MessageType.BINDING_REQUEST);
        assertThat(m.transactionId()).isEqualTo(TX);
        assertThat(Software.getFrom(m).value()).isEqualTo("STUN test client");
        assertThat(Username.getFrom(m).value()).isEqualTo("evtj:h6vY");
        assertThat(m.attributeTypes()).containsExactly(AttributeType.SOFTWARE, AttributeType.PRIORITY,
                AttributeType.ICE_CONTROLLED, AttributeType.USERNAME, AttributeType.MESSAGE_INTEGRITY,
                AttributeType.FINGERPRINT);
        assertThat(MessageIntegrity.check(m, SHORT_TERM_PASSWORD)).isTrue();
        assertThat(MessageIntegrity.check(m, "wrong".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Fingerprint.check(m)).isTrue();

        byte[] rebuilt = new StunMessageBuilder(MessageType.BINDING_REQUEST, TX)
                .paddingByte((byte) 0x20)
                .add(new Software("STUN test client"))
                .add(RawAttribute.of(m, 1))
                .add(RawAttribute.of(m, 2))
                .add(new Username("evtj:h6vY"))
                .addMessageIntegrity(SHORT_TERM_PASSWORD)
                .addFingerprint()
                .build();
        assertThat(rebuilt).isEqualTo(wire);
    }

    @Test
    void section_2_2_ipv4_response() throws Exception {
        byte[] wire = Fixtures.hex("rfc5769-2.2-ipv4-response.hex");
        StunMessage m = StunMessage.decode(wire);

        InetSocketAddress expected = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853);
        assertThat(m.type()).isEqualTo(MessageType.BINDING_SUCCESS);
        assertThat(XorMappedAddress.getFrom(m).address()).isEqualTo(expected);
        assertThat(Software.getFrom(m).value()).isEqualTo("test vector");
        assertThat(MessageIntegrity.check(m, SHORT_TERM_PASSWORD)).isTrue();
        assertThat(Fingerprint.check(m)).isTrue();

        assertThat(rebuildResponse(expected)).isEqualTo(wire);
    }

    @Test
    void section_2_3_ipv6_response() throws Exception {
        byte[] wire = Fixtures.hex("rfc5769-2.3-ipv6-response.hex");
        StunMessage m = StunMessage.decode(wire);

        InetSocketAddress expected = new InetSocketAddress(
                InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"), 32853);
        assertThat(XorMappedAddress.getFrom(m).address()).isEqualTo(expected);
        assertThat(MessageIntegrity.check(m, SHORT_TERM_PASSWORD)).isTrue();
        assertThat(Fingerprint.check(m)).isTrue();

        assertThat(rebuildResponse(expected)).isEqualTo(wire);
    }

    @Test
    void section_2_4_long_term_request() throws Exception {
        byte[] wire = Fixtures.hex("rfc5769-2.4-long-term-request.hex");
        StunMessage m = StunMessage.decode(wire);
        String username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";

        assertThat(m.type()).isEqualTo(MessageType.BINDING_REQUEST);
        assertThat(Username.getFrom(m).value()).isEqualTo(username);
        assertThat(Nonce.getFrom(m).value()).isEqualTo("f//499k954d6OL34oL9FSTvy64sA");
        assertThat(Realm.getFrom(m).value()).isEqualTo("example.org");
        byte[] key = LongTermKey.md5(username, "example.org", "TheMatrIX");
        assertThat(MessageIntegrity.check(m, key)).isTrue();
        assertThat(MessageIntegrity.check(m, LongTermKey.md5(username, "example.org", "TheMatrix"))).isFalse();
        assertThat(Fingerprint.isPresent(m)).isFalse();

        byte[] rebuilt = new StunMessageBuilder(MessageType.BINDING_REQUEST, m.transactionId())
                .add(new Username(username))
                .add(new Nonce("f//499k954d6OL34oL9FSTvy64sA"))
                .add(new Realm("example.org"))
                .addMessageIntegrity(key)
                .build();
        assertThat(rebuilt).isEqualTo(wire);
    }

    private static byte[] rebuildResponse(InetSocketAddress mapped) {
        return new StunMessageBuilder(MessageType.BINDING_SUCCESS, TX)
                .paddingByte((byte) 0x20)
                .add(new Software("test vector"))
                .add(new XorMappedAddress(mapped))
                .addMessageIntegrity(SHORT_TERM_PASSWORD)
                .addFingerprint()
                .build();
    }
}

package dev.weft.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Message types, registries that keep unknown codes, framing rules, and integrity placement. */
class MessageTest {
    @Test
    void message_type_encoding_matches_the_rfc() {
        assertThat(MessageType.BINDING_REQUEST.encode()).isEqualTo(0x0001);
        assertThat(MessageType.BINDING_SUCCESS.encode()).isEqualTo(0x0101);
        assertThat(new MessageType(StunMethod.BINDING, MessageClass.ERROR_RESPONSE).encode()).isEqualTo(0x0111);
        assertThat(MessageType.ALLOCATE_REQUEST.encode()).isEqualTo(0x0003);
        assertThat(new MessageType(StunMethod.ALLOCATE, MessageClass.ERROR_RESPONSE).encode()).isEqualTo(0x0113);
        assertThat(MessageType.SEND_INDICATION.encode()).isEqualTo(0x0016);
        assertThat(MessageType.DATA_INDICATION.encode()).isEqualTo(0x0017);
        assertThat(new MessageType(StunMethod.CHANNEL_BIND, MessageClass.SUCCESS_RESPONSE).encode()).isEqualTo(0x0109);
        for (int method = 0; method <= 0xFFF; method += 7) {
            for (MessageClass c : MessageClass.values()) {
                MessageType t = new MessageType(StunMethod.valueOf(method), c);
                assertThat(MessageType.decode(t.encode())).isEqualTo(t);
                assertThat(t.encode() & 0xC000).isZero();
            }
        }
    }

    @Test
    void open_registries_keep_unknown_codes() {
        assertThat(StunMethod.valueOf(0x3)).isSameAs(StunMethod.ALLOCATE);
        assertThat(StunMethod.valueOf(0x123).code()).isEqualTo(0x123);
        assertThat(StunMethod.valueOf(0x123).isKnown()).isFalse();
        assertThat(AttributeType.valueOf(0x8028)).isSameAs(AttributeType.FINGERPRINT);
        assertThat(AttributeType.valueOf(0x7F01)).isEqualTo(AttributeType.valueOf(0x7F01));
        assertThat(AttributeType.valueOf(0x7F01).isComprehensionRequired()).isTrue();
        assertThat(AttributeType.valueOf(0xC001).isComprehensionRequired()).isFalse();
        assertThat(ErrorCode.valueOf(438)).isSameAs(ErrorCode.STALE_NONCE);
        assertThat(ErrorCode.valueOf(499).code()).isEqualTo(499);
        assertThat(ErrorCode.ALLOCATION_QUOTA_REACHED.reason()).isEqualTo("Allocation Quota Reached");
    }

    @Test
    void framing_errors_name_the_rule() {
        byte[] ok = StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random());
        byte[] badCookie = ok.clone();
        badCookie[4] = 0;
        assertThatThrownBy(() -> StunMessage.decode(badCookie)).isInstanceOf(StunParseException.class)
                .hasMessageContaining("magic cookie");
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 4);
        assertThatThrownBy(() -> StunMessage.decode(longer)).hasMessageContaining("does not match");
        byte[] topBits = ok.clone();
        topBits[0] = 0x40;
        assertThatThrownBy(() -> StunMessage.decode(topBits)).hasMessageContaining("two most significant bits");
        assertThatThrownBy(() -> StunMessage.decode(new byte[19])).hasMessageContaining("20-byte");
        byte[] overrun = new StunMessageBuilder(MessageType.BINDING_REQUEST, TransactionId.random())
                .add(new Lifetime(5)).build();
        overrun[23] = 9;
        assertThatThrownBy(() -> StunMessage.decode(overrun)).isInstanceOf(StunParseException.class);
    }

    @Test
    void attributes_after_integrity_are_ignored_and_fingerprint_is_last() throws Exception {
        byte[] key = "key".getBytes(StandardCharsets.UTF_8);
        byte[] wire = new StunMessageBuilder(MessageType.BINDING_REQUEST, TransactionId.random())
                .add(new Username("u"))
                .addMessageIntegrity(key)
                .add(new Software("ignored"))
                .addMessageIntegritySha256(key)
                .addFingerprint()
                .build();
        StunMessage m = StunMessage.decode(wire);
        assertThat(m.attributeTypes()).containsExactly(AttributeType.USERNAME, AttributeType.MESSAGE_INTEGRITY,
                AttributeType.MESSAGE_INTEGRITY_SHA256, AttributeType.FINGERPRINT);
        assertThat(Software.getFrom(m)).isNull();
        assertThat(MessageIntegrity.check(m, key)).isTrue();
        assertThat(MessageIntegritySha256.check(m, key)).isTrue();
        assertThat(MessageIntegritySha256.check(m, "other".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(Fingerprint.check(m)).isTrue();

        byte[] afterFingerprint = java.util.Arrays.copyOf(wire, wire.length + 8);
        afterFingerprint[wire.length + 1] = 0x0D;
        afterFingerprint[wire.length + 3] = 4;
        afterFingerprint[3] += 8;
        assertThatThrownBy(() -> StunMessage.decode(afterFingerprint)).hasMessageContaining("FINGERPRINT");
    }

    @Test
    void unknown_comprehension_required_attributes_are_listed_once() throws Exception {
        byte[] wire = new StunMessageBuilder(MessageType.ALLOCATE_REQUEST, TransactionId.random())
                .add(new RawAttribute(AttributeType.valueOf(0x7001), new byte[4]))
                .add(new RawAttribute(AttributeType.valueOf(0xC001), new byte[4]))
                .add(new RequestedTransport(17))
                .add(new RawAttribute(AttributeType.valueOf(0x7001), new byte[0]))
                .build();
        StunMessage m = StunMessage.decode(wire);
        assertThat(m.unknownComprehensionRequired(code -> code == AttributeType.REQUESTED_TRANSPORT.code()))
                .containsExactly(AttributeType.valueOf(0x7001));
    }

    @Test
    void tampering_breaks_integrity_and_fingerprint() throws Exception {
        byte[] key = LongTermKey.md5("u", "r", "p");
        byte[] wire = new StunMessageBuilder(MessageType.ALLOCATE_REQUEST, TransactionId.random())
                .add(new Username("u")).add(new Lifetime(600)).addMessageIntegrity(key).addFingerprint().build();
        assertThat(MessageIntegrity.check(StunMessage.decode(wire), key)).isTrue();
        wire[33] ^= 1; // inside the LIFETIME value
        StunMessage tampered = StunMessage.decode(wire);
        assertThat(MessageIntegrity.check(tampered, key)).isFalse();
        assertThat(Fingerprint.check(tampered)).isFalse();
    }
}

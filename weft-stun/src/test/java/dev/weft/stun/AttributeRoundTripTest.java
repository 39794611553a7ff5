package dev.weft.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every attribute type: encode inside a message, decode it back, and refuse values of the wrong size. */
class AttributeRoundTripTest {
    private static final TransactionId TX = TransactionId.random();

    static InetSocketAddress addr(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    static Stream<StunAttribute> attributes() throws Exception {
        return Stream.of(
                new XorMappedAddress(addr("192.0.2.1", 32853)),
                new XorMappedAddress(addr("2001:db8::1", 1)),
                new MappedAddress(addr("203.0.113.9", 65535)),
                new MappedAddress(addr("::1", 3478)),
                new XorPeerAddress(addr("198.51.100.7", 5000)),
                new XorPeerAddress(addr("2001:db8:1234:5678:11:2233:4455:6677", 80)),
                new XorRelayedAddress(addr("127.0.0.1", 49152)),
                new XorRelayedAddress(addr("fe80::1", 49153)),
                new AlternateServer(addr("192.0.2.200", 3479)),
                new Username("alice"),
                new Username("1700000000:\u30DE\u30C8"),
                new Realm("weft"),
                new Nonce("f//499k954d6OL34oL9FSTvy64sA"),
                new Software("weft-turn 0.1"),
                new ErrorCodeAttribute(ErrorCode.STALE_NONCE),
                new ErrorCodeAttribute(ErrorCode.valueOf(599), "custom"),
                new UnknownAttributes(List.of(AttributeType.valueOf(0x7777), AttributeType.EVEN_PORT)),
                new UnknownAttributes(List.of(AttributeType.valueOf(0x0033))),
                new Lifetime(600),
                new Lifetime(0xFFFFFFFFL),
                new RequestedTransport(RequestedTransport.UDP),
                new ChannelNumber(0x4001),
                new Data(new byte[] {1, 2, 3, 4, 5}),
                new Data(new byte[0]),
                DontFragment.INSTANCE,
                new EvenPort(true),
                new EvenPort(false),
                new ReservationToken(0x0102030405060708L),
                new RequestedAddressFamily(RequestedAddressFamily.IPV6),
                new UserHash(LongTermKey.userHash("alice", "weft")),
                new PasswordAlgorithm(PasswordAlgorithm.SHA256),
                new PasswordAlgorithm(0x1234, new byte[] {9, 8, 7}),
                new PasswordAlgorithms(List.of(new PasswordAlgorithm(PasswordAlgorithm.MD5),
                        new PasswordAlgorithm(0x0003, new byte[] {1}), new PasswordAlgorithm(PasswordAlgorithm.SHA256))),
                new RawAttribute(AttributeType.PRIORITY, new byte[] {0x6e, 0, 1, (byte) 0xff}));
    }

    @ParameterizedTest
    @MethodSource("attributes")
    void round_trip(StunAttribute attribute) throws Exception {
        byte[] wire = new StunMessageBuilder(MessageType.ALLOCATE_REQUEST, TX)
                .add(new RawAttribute(AttributeType.valueOf(0xC0DE), new byte[] {1, 2, 3}))
                .add(attribute)
                .add(new RawAttribute(AttributeType.valueOf(0xC0DF), new byte[] {4}))
                .addFingerprint()
                .build();
        StunMessage m = StunMessage.decode(wire);
        assertThat(m.attributeType(1)).isEqualTo(attribute.type());
        assertThat(m.valueLength(1)).isEqualTo(attribute.valueLength());
        assertThat(decode(m)).isEqualTo(attribute);
        assertThat(RawAttribute.of(m, 2).value()).containsExactly(4);
        assertThat(Fingerprint.check(m)).isTrue();
        assertThat(wire.length % 4).isZero();
    }

    private static Object decode(StunMessage m) throws StunParseException {
        AttributeType t = m.attributeType(1);
        if (t.equals(AttributeType.XOR_MAPPED_ADDRESS)) return XorMappedAddress.getFrom(m);
        if (t.equals(AttributeType.MAPPED_ADDRESS)) return MappedAddress.getFrom(m);
        if (t.equals(AttributeType.XOR_PEER_ADDRESS)) return XorPeerAddress.getFrom(m);
        if (t.equals(AttributeType.XOR_RELAYED_ADDRESS)) return XorRelayedAddress.getFrom(m);
        if (t.equals(AttributeType.ALTERNATE_SERVER)) return AlternateServer.getFrom(m);
        if (t.equals(AttributeType.USERNAME)) return Username.getFrom(m);
        if (t.equals(AttributeType.REALM)) return Realm.getFrom(m);
        if (t.equals(AttributeType.NONCE)) return Nonce.getFrom(m);
        if (t.equals(AttributeType.SOFTWARE)) return Software.getFrom(m);
        if (t.equals(AttributeType.ERROR_CODE)) return ErrorCodeAttribute.getFrom(m);
        if (t.equals(AttributeType.UNKNOWN_ATTRIBUTES)) return UnknownAttributes.getFrom(m);
        if (t.equals(AttributeType.LIFETIME)) return Lifetime.getFrom(m);
        if (t.equals(AttributeType.REQUESTED_TRANSPORT)) return RequestedTransport.getFrom(m);
        if (t.equals(AttributeType.CHANNEL_NUMBER)) return ChannelNumber.getFrom(m);
        if (t.equals(AttributeType.DATA)) return Data.getFrom(m);
        if (t.equals(AttributeType.DONT_FRAGMENT)) return DontFragment.getFrom(m);
        if (t.equals(AttributeType.EVEN_PORT)) return EvenPort.getFrom(m);
        if (t.equals(AttributeType.RESERVATION_TOKEN)) return ReservationToken.getFrom(m);
        if (t.equals(AttributeType.REQUESTED_ADDRESS_FAMILY)) return RequestedAddressFamily.getFrom(m);
        if (t.equals(AttributeType.USERHASH)) return UserHash.getFrom(m);
        if (t.equals(AttributeType.PASSWORD_ALGORITHM)) return PasswordAlgorithm.getFrom(m);
        if (t.equals(AttributeType.PASSWORD_ALGORITHMS)) return PasswordAlgorithms.getFrom(m);
        return RawAttribute.of(m, 1);
    }

    @Test
    void wrong_sizes_are_typed_parse_errors() {
        byte[] b = new byte[40];
        assertThatThrownBy(() -> Lifetime.decode(b, 0, 3)).isInstanceOf(StunParseException.class)
                .hasMessageContaining("LIFETIME");
        assertThatThrownBy(() -> ChannelNumber.decode(b, 0, 5)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> RequestedTransport.decode(b, 0, 0)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> EvenPort.decode(b, 0, 2)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> ReservationToken.decode(b, 0, 4)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> RequestedAddressFamily.decode(b, 0, 8)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> DontFragment.decode(b, 0, 4)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> UserHash.decode(b, 0, 20)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> UnknownAttributes.decode(b, 0, 3)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> ErrorCodeAttribute.decode(b, 0, 4)).isInstanceOf(StunParseException.class)
                .hasMessageContaining("300..699");
        assertThatThrownBy(() -> XorPeerAddress.decode(b, 0, 8, TX)).isInstanceOf(StunParseException.class)
                .hasMessageContaining("family");
        b[1] = 1;
        assertThatThrownBy(() -> XorPeerAddress.decode(b, 0, 20, TX)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> Username.decode(new byte[600], 0, 600)).isInstanceOf(StunParseException.class);
        assertThatThrownBy(() -> PasswordAlgorithms.decode(new byte[] {0, 1, 0, 9, 0}, 0, 5))
                .isInstanceOf(StunParseException.class);
    }

    @Test
    void encoders_refuse_values_that_do_not_fit() {
        assertThatThrownBy(() -> new Lifetime(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Realm("x".repeat(800))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new UserHash(new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new XorPeerAddress(InetSocketAddress.createUnresolved("example.org", 1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void long_term_keys_and_userhash() {
        assertThat(LongTermKey.md5("user", "realm", "pass")).hasSize(16)
                .isEqualTo(java.util.HexFormat.of().parseHex("8493fbc53ba582fb4c044c456bdc40eb"));
        assertThat(LongTermKey.sha256("user", "realm", "pass")).hasSize(32);
        assertThat(new UserHash(LongTermKey.userHash("alice", "weft")).matches("alice", "weft")).isTrue();
        assertThat(new UserHash(LongTermKey.userHash("alice", "weft")).matches("bob", "weft")).isFalse();
    }
}

package dev.weft.turn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.stun.AttributeType;
import dev.weft.stun.DontFragment;
import dev.weft.stun.ErrorCode;
import dev.weft.stun.MessageIntegrity;
import dev.weft.stun.MessageType;
import dev.weft.stun.Nonce;
import dev.weft.stun.RawAttribute;
import dev.weft.stun.Realm;
import dev.weft.stun.RequestedAddressFamily;
import dev.weft.stun.RequestedTransport;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;
import dev.weft.stun.StunMethod;
import dev.weft.stun.TransactionId;
import dev.weft.stun.UnknownAttributes;
import dev.weft.stun.Username;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every refusal the server makes, each with the error code RFC 8489/8656 prescribe and what it must carry. */
class RefusalTest {
    private Harness h = new Harness();
    private final TestClient alice = new TestClient(h, 6000, "alice", "alice-pw");

    @AfterEach
    void close() {
        h.close();
    }

    private Harness with(java.util.function.Consumer<dev.weft.turn.TurnConfig.Builder> c) {
        return with(true, c);
    }

    private Harness with(boolean allowLoopback, java.util.function.Consumer<dev.weft.turn.TurnConfig.Builder> c) {
        h.close();
        h = new Harness(allowLoopback, c);
        return h;
    }

    @Test
    void unauthenticated_request_gets_401_with_realm_and_nonce_and_no_integrity() throws Exception {
        StunMessage r = h.request(alice.address, StunMessageBuilder.build(MessageType.ALLOCATE_REQUEST,
                TransactionId.random(), new RequestedTransport(17)));
        assertThat(TestClient.error(r)).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(Realm.getFrom(r).value()).isEqualTo(Harness.REALM);
        assertThat(Nonce.getFrom(r)).isNotNull();
        assertThat(MessageIntegrity.isPresent(r)).isFalse();
        assertThat(h.counter("weft.turn.errors", "code", "401")).isEqualTo(1);
    }

    @Test
    void bad_integrity_gets_401() {
        TestClient mallory = new TestClient(h, 6001, "alice", "not-the-password");
        assertThat(TestClient.error(mallory.allocate())).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(h.service.allocations()).isEmpty();
    }

    @Test
    void unknown_user_gets_401() {
        TestClient nobody = new TestClient(h, 6002, "nobody", "x");
        assertThat(TestClient.error(nobody.allocate())).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void expired_or_forged_rest_credentials_get_401() {
        var expired = dev.weft.turn.TurnCredentials.issue(Harness.SECRET, "carol", Duration.ofSeconds(30),
                java.time.Clock.offset(h.clock, Duration.ofMinutes(-10)));
        assertThat(TestClient.error(new TestClient(h, 6003, expired.username(), expired.password()).allocate()))
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
        var forged = dev.weft.turn.TurnCredentials.issue("other-secret", "carol", Duration.ofHours(1), h.clock);
        assertThat(TestClient.error(new TestClient(h, 6004, forged.username(), forged.password()).allocate()))
                .isEqualTo(ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void stale_nonce_gets_438_with_a_fresh_nonce_that_then_works() {
        alice.ok(alice.allocate());
        String old = alice.nonce;
        h.clock.advance(Duration.ofMinutes(11));
        StunMessage r = h.request(alice.address, alice.signed(StunMethod.REFRESH, TransactionId.random()));
        assertThat(TestClient.error(r)).isEqualTo(ErrorCode.STALE_NONCE);
        alice.nonce = TestClient.value(r);
        assertThat(alice.nonce).isNotEqualTo(old);
        alice.ok(h.request(alice.address, alice.signed(StunMethod.REFRESH, TransactionId.random())));
    }

    @Test
    void forged_nonce_gets_438() {
        alice.nonce = "0000019c00000000aaaaaaaaaaaaaaaaaaaaaa";
        StunMessage r = h.request(alice.address, alice.signed(StunMethod.ALLOCATE, TransactionId.random(),
                new RequestedTransport(17)));
        assertThat(TestClient.error(r)).isEqualTo(ErrorCode.STALE_NONCE);
    }

    @Test
    void integrity_without_username_realm_or_nonce_gets_400() {
        byte[] req = new StunMessageBuilder(MessageType.ALLOCATE_REQUEST, TransactionId.random())
                .add(new RequestedTransport(17)).add(new Username("alice"))
                .addMessageIntegrity(alice.key()).build();
        assertThat(TestClient.error(h.request(alice.address, req))).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void unknown_comprehension_required_attribute_gets_420_with_unknown_attributes() throws Exception {
        StunMessage r = alice.allocate(new RawAttribute(AttributeType.valueOf(0x7FF1), new byte[] {1, 2, 3, 4}),
                new RawAttribute(AttributeType.valueOf(0xC0FF), new byte[4]));
        assertThat(TestClient.error(r)).isEqualTo(ErrorCode.UNKNOWN_ATTRIBUTE);
        assertThat(UnknownAttributes.getFrom(r).types()).containsExactly(AttributeType.valueOf(0x7FF1));
        assertThat(MessageIntegrity.check(r, alice.key())).as("signed: the request was authenticated").isTrue();

        StunMessage df = alice.allocate(DontFragment.INSTANCE);
        assertThat(UnknownAttributes.getFrom(df).types()).containsExactly(AttributeType.DONT_FRAGMENT);

        StunMessage binding = h.request(alice.address, StunMessageBuilder.build(MessageType.BINDING_REQUEST,
                TransactionId.random(), new RawAttribute(AttributeType.CHANGE_REQUEST, new byte[4])));
        assertThat(UnknownAttributes.getFrom(binding).types()).containsExactly(AttributeType.CHANGE_REQUEST);
    }

    @Test
    void second_allocation_on_a_5_tuple_and_requests_without_one_get_437() {
        assertThat(TestClient.error(alice.call(StunMethod.REFRESH))).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
        assertThat(TestClient.error(alice.permit(Harness.client(1)))).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
        alice.ok(alice.allocate());
        assertThat(TestClient.error(alice.allocate())).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);
    }

    @Test
    void other_users_credentials_on_an_allocation_get_441() {
        alice.ok(alice.allocate());
        TestClient bobOnAlicesTuple = new TestClient(h, 6000, "bob", "bob-pw");
        bobOnAlicesTuple.nonce = alice.nonce;
        assertThat(TestClient.error(bobOnAlicesTuple.call(StunMethod.REFRESH))).isEqualTo(ErrorCode.WRONG_CREDENTIALS);
    }

    @Test
    void denied_peers_get_403() throws Exception {
        with(b -> { });
        TestClient c = new TestClient(h, 6010, "alice", "alice-pw");
        c.ok(c.allocate());
        for (String denied : new String[] {"10.1.2.3", "192.168.0.1", "172.16.5.5", "169.254.1.1", "224.0.0.251",
                "0.0.0.0", "100.64.0.1", "255.255.255.255"}) {
            InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName(denied), 9);
            assertThat(TestClient.error(c.permit(peer))).as(denied).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(TestClient.error(c.bind(0x4000, peer))).as(denied).isEqualTo(ErrorCode.FORBIDDEN);
        }
        with(false, b -> b.allowPeer("127.0.0.2"));
        TestClient d = new TestClient(h, 6011, "alice", "alice-pw");
        d.ok(d.allocate());
        assertThat(TestClient.error(d.permit(Harness.client(9)))).as("127.0.0.1 not allowed").isEqualTo(ErrorCode.FORBIDDEN);
        d.ok(d.permit(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 9)));
        d.ok(d.permit(new InetSocketAddress(InetAddress.getByName("198.51.100.7"), 9)));
        assertThat(h.counter("weft.turn.errors", "code", "403")).isEqualTo(1);
    }

    @Test
    void ipv6_peer_on_an_ipv4_relay_gets_443_and_ipv6_relay_request_gets_440() throws Exception {
        alice.ok(alice.allocate());
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 9);
        assertThat(TestClient.error(alice.permit(v6))).isEqualTo(ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH);
        TestClient c = new TestClient(h, 6012, "alice", "alice-pw");
        assertThat(TestClient.error(c.allocate(new RequestedAddressFamily(RequestedAddressFamily.IPV6))))
                .isEqualTo(ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED);
        c.ok(c.allocate(new RequestedAddressFamily(RequestedAddressFamily.IPV4)));
    }

    @Test
    void quotas_get_486() {
        with(b -> b.userQuota(1).totalQuota(2));
        TestClient a1 = new TestClient(h, 6020, "alice", "alice-pw");
        TestClient a2 = new TestClient(h, 6021, "alice", "alice-pw");
        TestClient b1 = new TestClient(h, 6022, "bob", "bob-pw");
        TestClient b2 = new TestClient(h, 6023, "bob", "bob-pw");
        a1.ok(a1.allocate());
        assertThat(TestClient.error(a2.allocate())).isEqualTo(ErrorCode.ALLOCATION_QUOTA_REACHED);
        b1.ok(b1.allocate());
        var creds = dev.weft.turn.TurnCredentials.issue(Harness.SECRET, "carol", Duration.ofHours(1), h.clock);
        TestClient c1 = new TestClient(h, 6024, creds.username(), creds.password());
        assertThat(TestClient.error(c1.allocate())).as("total quota").isEqualTo(ErrorCode.ALLOCATION_QUOTA_REACHED);
        a1.ok(a1.call(StunMethod.REFRESH, new dev.weft.stun.Lifetime(0)));
        a2.ok(a2.allocate());
        assertThat(TestClient.error(b2.allocate())).isEqualTo(ErrorCode.ALLOCATION_QUOTA_REACHED);
        assertThat(h.counter("weft.turn.errors", "code", "486")).isEqualTo(3);
    }

    @Test
    void no_free_relay_port_gets_508() {
        with(b -> b.relayPorts(50000, 50001));
        h.relays.taken.add(50001);
        TestClient a1 = new TestClient(h, 6030, "alice", "alice-pw");
        TestClient a2 = new TestClient(h, 6031, "alice", "alice-pw");
        a1.ok(a1.allocate());
        assertThat(a1.relayPort).isEqualTo(50000);
        assertThat(TestClient.error(a2.allocate())).isEqualTo(ErrorCode.INSUFFICIENT_CAPACITY);
        assertThat(h.service.allocations()).hasSize(1);
        assertThat(h.service.allocations()).hasSize(1);
    }

    @Test
    void requested_transport_missing_gets_400_and_tcp_gets_442() {
        assertThat(TestClient.error(alice.call(StunMethod.ALLOCATE))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(TestClient.error(alice.call(StunMethod.ALLOCATE, new RequestedTransport(RequestedTransport.TCP))))
                .isEqualTo(ErrorCode.UNSUPPORTED_TRANSPORT_PROTOCOL);
    }

    @Test
    void channel_bind_conflicts_and_bad_numbers_get_400() {
        InetSocketAddress p1 = Harness.client(7001);
        InetSocketAddress p2 = Harness.client(7002);
        alice.ok(alice.allocate());
        alice.ok(alice.bind(0x4000, p1));
        alice.ok(alice.bind(0x4000, p1)); // refresh
        assertThat(TestClient.error(alice.bind(0x4000, p2))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(TestClient.error(alice.bind(0x4001, p1))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(TestClient.error(alice.bind(0x3FFF, p2))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(TestClient.error(alice.bind(0x5000, p2))).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(TestClient.error(alice.call(StunMethod.CHANNEL_BIND, new dev.weft.stun.ChannelNumber(0x4002))))
                .isEqualTo(ErrorCode.BAD_REQUEST);

        with(b -> b.rfc5766ChannelNumbers(true));
        TestClient c = new TestClient(h, 6040, "alice", "alice-pw");
        c.ok(c.allocate());
        c.ok(c.bind(0x7FFF, p2));
    }

    @Test
    void unknown_method_gets_400_and_responses_are_ignored() {
        byte[] odd = StunMessageBuilder.build(new MessageType(dev.weft.stun.StunMethod.valueOf(0x0F0),
                dev.weft.stun.MessageClass.REQUEST), TransactionId.random());
        assertThat(TestClient.error(h.request(alice.address, odd))).isEqualTo(ErrorCode.BAD_REQUEST);
        byte[] response = StunMessageBuilder.build(MessageType.BINDING_SUCCESS, TransactionId.random());
        assertThat(h.exchange(alice.address, response)).isNull();
    }
}

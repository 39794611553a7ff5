package dev.weft.turn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.stun.ChannelData;
import dev.weft.stun.Data;
import dev.weft.stun.ErrorCode;
import dev.weft.stun.EvenPort;
import dev.weft.stun.Lifetime;
import dev.weft.stun.MessageClass;
import dev.weft.stun.MessageType;
import dev.weft.stun.ReservationToken;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;
import dev.weft.stun.StunMethod;
import dev.weft.stun.TransactionId;
import dev.weft.stun.XorMappedAddress;
import dev.weft.stun.XorPeerAddress;
import dev.weft.turn.AllocationInfo;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RFC 8656 happy path, step by step, with byte-exact packets and a hand-moved clock. */
class AllocationFlowTest {
    private static final InetSocketAddress PEER = Harness.client(40000);
    private final Harness h = new Harness();
    private final TestClient alice = new TestClient(h, 5000, "alice", "alice-pw");

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void challenge_allocate_refresh_permission_channel_and_relay_both_ways() throws Exception {
        // 401 with REALM and NONCE first
        StunMessage challenge = h.request(alice.address, StunMessageBuilder.build(MessageType.ALLOCATE_REQUEST,
                TransactionId.random(), new dev.weft.stun.RequestedTransport(17)));
        assertThat(challenge.messageClass()).isEqualTo(MessageClass.ERROR_RESPONSE);
        assertThat(TestClient.error(challenge)).isEqualTo(ErrorCode.UNAUTHENTICATED);
        alice.nonce = TestClient.value(challenge);

        StunMessage allocated = alice.ok(alice.allocate());
        assertThat(TestClient.relayed(allocated).getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(alice.relayPort).isBetween(50000, 50099);
        assertThat(Lifetime.getFrom(allocated).seconds()).isEqualTo(600);
        assertThat(XorMappedAddress.getFrom(allocated).address()).isEqualTo(alice.address);

        assertThat(Lifetime.getFrom(alice.ok(alice.call(StunMethod.REFRESH, new Lifetime(1200)))).seconds()).isEqualTo(1200);
        alice.ok(alice.permit(PEER));
        alice.ok(alice.bind(0x4000, PEER));

        // ChannelData client -> peer
        h.send(alice.address, ChannelData.encode(0x4000, "hello".getBytes(StandardCharsets.UTF_8), false));
        DatagramPacket out = h.toPeer(alice.relayPort);
        assertThat(out.recipient()).isEqualTo(PEER);
        assertThat(new String(Harness.bytes(out.content()), StandardCharsets.UTF_8)).isEqualTo("hello");
        out.release();

        // peer -> client as ChannelData, unpadded over UDP
        h.fromPeer(alice.relayPort, PEER, new byte[] {1, 2, 3});
        DatagramPacket in = h.toClient();
        assertThat(in.recipient()).isEqualTo(alice.address);
        assertThat(Harness.bytes(in.content())).containsExactly(0x40, 0x00, 0x00, 0x03, 1, 2, 3);
        in.release();

        List<AllocationInfo> infos = h.service.allocations();
        assertThat(infos).hasSize(1);
        AllocationInfo info = infos.get(0);
        assertThat(info.username()).isEqualTo("alice");
        assertThat(info.client()).isEqualTo(h.udpTuple(alice.address));
        assertThat(info.relayed().getPort()).isEqualTo(alice.relayPort);
        assertThat(info.permissions()).containsExactly(PEER.getAddress());
        assertThat(info.channels()).containsEntry(0x4000, PEER);
        assertThat(info.bytesOut()).isEqualTo(5);
        assertThat(info.bytesIn()).isEqualTo(3);
        assertThat(info.packetsIn()).isEqualTo(1);
        assertThat(h.functionCounter("weft.turn.relay.bytes", "direction", "to_peer")).isEqualTo(5);
        assertThat(h.functionCounter("weft.turn.relay.packets", "direction", "to_client")).isEqualTo(1);
        assertThat(h.registry.get("weft.turn.allocations.active").gauge().value()).isEqualTo(1);
    }

    @Test
    void send_and_data_indications_without_a_channel() throws Exception {
        alice.ok(alice.allocate());
        alice.ok(alice.permit(PEER));
        byte[] send = StunMessageBuilder.build(MessageType.SEND_INDICATION, TransactionId.random(),
                new XorPeerAddress(PEER), new Data("ping".getBytes(StandardCharsets.UTF_8)));
        assertThat(h.exchange(alice.address, send)).isNull();
        DatagramPacket out = h.toPeer(alice.relayPort);
        assertThat(out.recipient()).isEqualTo(PEER);
        assertThat(new String(Harness.bytes(out.content()), StandardCharsets.UTF_8)).isEqualTo("ping");
        out.release();

        h.fromPeer(alice.relayPort, PEER, "pong!".getBytes(StandardCharsets.UTF_8));
        DatagramPacket in = h.toClient();
        StunMessage data = StunMessage.decode(Harness.bytes(in.content()));
        in.release();
        assertThat(data.type()).isEqualTo(MessageType.DATA_INDICATION);
        assertThat(XorPeerAddress.getFrom(data).address()).isEqualTo(PEER);
        assertThat(new String(Data.getFrom(data).bytes(), StandardCharsets.UTF_8)).isEqualTo("pong!");
    }

    @Test
    void peer_without_permission_is_dropped_and_counted() {
        alice.ok(alice.allocate());
        h.fromPeer(alice.relayPort, PEER, new byte[] {9});
        assertThat(h.toClient()).isNull();
        assertThat(h.counter("weft.turn.dropped.packets", "reason", "no_permission")).isEqualTo(1);
    }

    @Test
    void retransmitted_allocate_gets_the_same_answer_and_a_new_one_gets_437() {
        alice.ok(alice.allocate());
        TransactionId tx = TransactionId.random();
        byte[] second = alice.signed(StunMethod.ALLOCATE, tx, new dev.weft.stun.RequestedTransport(17));
        assertThat(TestClient.error(h.request(alice.address, second))).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);

        TestClient carol = new TestClient(h, 5001, "bob", "bob-pw");
        carol.nonce = alice.nonce;
        TransactionId first = TransactionId.random();
        byte[] req = carol.signed(StunMethod.ALLOCATE, first, new dev.weft.stun.RequestedTransport(17));
        byte[] answer = h.exchange(carol.address, req);
        byte[] again = h.exchange(carol.address, req);
        assertThat(again).isEqualTo(answer);
        assertThat(h.service.allocations()).hasSize(2);
    }

    @Test
    void lifetime_expiry_with_the_clock_and_refresh_zero() throws Exception {
        alice.ok(alice.allocate());
        h.clock.advance(Duration.ofSeconds(599));
        h.service.sweep();
        assertThat(h.service.allocations()).hasSize(1);
        h.clock.advance(Duration.ofSeconds(2));
        h.service.sweep();
        assertThat(h.service.allocations()).isEmpty();
        assertThat(h.relays.relay(alice.relayPort).isOpen()).isFalse();
        assertThat(TestClient.error(alice.call(StunMethod.REFRESH))).isEqualTo(ErrorCode.ALLOCATION_MISMATCH);

        alice.ok(alice.allocate());
        assertThat(Lifetime.getFrom(alice.ok(alice.call(StunMethod.REFRESH, new Lifetime(0)))).seconds()).isZero();
        assertThat(h.service.allocations()).isEmpty();
    }

    @Test
    void permissions_expire_after_300_seconds_and_channels_after_600() throws Exception {
        alice.ok(alice.allocate());
        alice.ok(alice.call(StunMethod.REFRESH, new Lifetime(3600)));
        alice.ok(alice.permit(PEER));
        h.clock.advance(Duration.ofSeconds(301));
        h.fromPeer(alice.relayPort, PEER, new byte[] {1});
        assertThat((Object) h.toClient()).as("permission expired").isNull();

        alice.ok(alice.bind(0x4001, PEER));
        h.clock.advance(Duration.ofSeconds(299));
        h.send(alice.address, ChannelData.encode(0x4001, new byte[] {7}, false));
        DatagramPacket out = h.toPeer(alice.relayPort);
        assertThat(out).isNotNull();
        out.release();
        alice.ok(alice.permit(PEER)); // keeps the permission, not the channel
        h.clock.advance(Duration.ofSeconds(302));
        h.service.sweep();
        h.send(alice.address, ChannelData.encode(0x4001, new byte[] {7}, false));
        assertThat((Object) h.toPeer(alice.relayPort)).as("channel expired").isNull();
        assertThat(h.counter("weft.turn.dropped.packets", "reason", "no_channel")).isEqualTo(1);
        // within the 5-minute quarantine the number cannot go to another peer, but may be rebound to the same one
        assertThat(TestClient.error(alice.bind(0x4001, Harness.client(40001)))).isEqualTo(ErrorCode.BAD_REQUEST);
        alice.ok(alice.bind(0x4001, PEER));
    }

    @Test
    void even_port_with_reservation_token() throws Exception {
        StunMessage first = alice.ok(alice.allocate(new EvenPort(true)));
        assertThat(alice.relayPort % 2).isZero();
        long token = ReservationToken.getFrom(first).token();

        TestClient second = new TestClient(h, 5002, "alice", "alice-pw");
        StunMessage r = second.ok(second.allocate(new ReservationToken(token)));
        assertThat(second.relayPort).isEqualTo(alice.relayPort + 1);

        TestClient third = new TestClient(h, 5003, "alice", "alice-pw");
        assertThat(TestClient.error(third.allocate(new ReservationToken(token)))).isEqualTo(ErrorCode.INSUFFICIENT_CAPACITY);
        assertThat(r).isNotNull();
    }

    @Test
    void terminate_ends_one_allocation_at_once() {
        alice.ok(alice.allocate());
        TestClient bob = new TestClient(h, 5004, "bob", "bob-pw");
        bob.ok(bob.allocate());
        String id = h.service.allocations().stream().filter(i -> i.username().equals("alice")).findFirst().orElseThrow().id();
        assertThat(h.service.terminate(id)).isTrue();
        assertThat(h.service.terminate(id)).isFalse();
        assertThat(h.service.allocations()).extracting(AllocationInfo::username).containsExactly("bob");
        assertThat(h.service.terminateUser("bob")).isEqualTo(1);
        assertThat(h.service.allocations()).isEmpty();
    }

    @Test
    void rest_credentials_allocate_until_they_expire() {
        var creds = dev.weft.turn.TurnCredentials.issue(Harness.SECRET, "carol", Duration.ofMinutes(5), h.clock);
        TestClient carol = new TestClient(h, 5005, creds.username(), creds.password());
        carol.ok(carol.allocate());
        assertThat(h.service.allocations().get(0).username()).isEqualTo(creds.username());
        h.clock.advance(Duration.ofMinutes(6));
        TestClient late = new TestClient(h, 5006, creds.username(), creds.password());
        assertThat(TestClient.error(late.allocate())).isEqualTo(ErrorCode.UNAUTHENTICATED);
    }
}

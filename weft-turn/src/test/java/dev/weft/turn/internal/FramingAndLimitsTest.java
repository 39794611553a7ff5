package dev.weft.turn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.stun.ChannelData;
import dev.weft.stun.ChannelNumber;
import dev.weft.stun.MessageClass;
import dev.weft.stun.MessageType;
import dev.weft.stun.RequestedTransport;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;
import dev.weft.stun.StunMethod;
import dev.weft.stun.TransactionId;
import dev.weft.stun.XorMappedAddress;
import dev.weft.stun.XorPeerAddress;
import dev.weft.turn.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelId;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Binding, TCP framing, bandwidth caps and a malformed-packet storm, through the Netty handlers. */
class FramingAndLimitsTest {
    private static final InetSocketAddress PEER = Harness.client(41000);
    private Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    /** An EmbeddedChannel that reports real socket addresses, for the TCP frontend. */
    static EmbeddedChannel tcp(Harness h, InetSocketAddress client) throws Exception {
        ChannelId id = DefaultChannelId.newInstance();
        EmbeddedChannel ch = new EmbeddedChannel(id, false, false) {
            @Override
            protected SocketAddress remoteAddress0() {
                return client;
            }

            @Override
            protected SocketAddress localAddress0() {
                return Harness.SERVER;
            }
        };
        ch.pipeline().addLast(new StreamFrontend(h.service, Transport.TCP));
        ch.register();
        return ch;
    }

    static byte[] readAll(EmbeddedChannel ch) {
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        return Harness.bytes(all);
    }

    @Test
    void rfc5769_sample_request_gets_a_binding_response_with_the_client_address() throws Exception {
        Path vector = Path.of(System.getProperty("user.dir")).getParent().resolve("spec/stun/rfc5769-2.1-sample-request.hex");
        byte[] request = HexFormat.of().parseHex(Files.readAllLines(vector).stream()
                .filter(l -> !l.startsWith("#")).collect(Collectors.joining()).replaceAll("\\s+", ""));
        InetSocketAddress client = Harness.client(3479);
        StunMessage r = h.request(client, request);
        assertThat(r.type()).isEqualTo(MessageType.BINDING_SUCCESS);
        assertThat(r.transactionId()).isEqualTo(StunMessage.decode(request).transactionId());
        assertThat(XorMappedAddress.getFrom(r).address()).isEqualTo(client);
        assertThat(h.registry.get("weft.turn.binding.requests").counter().count()).isEqualTo(1);
    }

    @Test
    void tcp_stream_framing_split_and_coalesced_with_padded_channel_data() throws Exception {
        InetSocketAddress client = Harness.client(8000);
        EmbeddedChannel ch = tcp(h, client);
        byte[] b1 = StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random());
        byte[] b2 = StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random());
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOf(b1, 7)));
        assertThat(ch.<Object>readOutbound()).isNull();
        ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(b1, 7, b1.length), b2));
        byte[] out = readAll(ch);
        StunMessage r1 = StunMessage.decode(Arrays.copyOf(out, out.length / 2));
        StunMessage r2 = StunMessage.decode(Arrays.copyOfRange(out, out.length / 2, out.length));
        assertThat(r1.transactionId()).isEqualTo(StunMessage.decode(b1).transactionId());
        assertThat(r2.transactionId()).isEqualTo(StunMessage.decode(b2).transactionId());
        assertThat(XorMappedAddress.getFrom(r1).address()).isEqualTo(client);

        // An allocation over TCP, driven with signed requests on the stream.
        TestClient alice = new TestClient(h, 8000, "alice", "alice-pw");
        ch.writeInbound(Unpooled.wrappedBuffer(StunMessageBuilder.build(MessageType.ALLOCATE_REQUEST,
                TransactionId.random(), new RequestedTransport(17))));
        alice.nonce = TestClient.value(StunMessage.decode(readAll(ch)));
        ch.writeInbound(Unpooled.wrappedBuffer(alice.signed(StunMethod.ALLOCATE, TransactionId.random(),
                new RequestedTransport(17))));
        StunMessage allocated = alice.ok(StunMessage.decode(readAll(ch)));
        int relayPort = TestClient.relayed(allocated).getPort();
        ch.writeInbound(Unpooled.wrappedBuffer(alice.signed(StunMethod.CHANNEL_BIND, TransactionId.random(),
                new ChannelNumber(0x4abc), new XorPeerAddress(PEER))));
        alice.ok(StunMessage.decode(readAll(ch)));

        byte[] frame = ChannelData.encode(0x4abc, new byte[] {1, 2, 3, 4, 5}, true);
        assertThat(frame).hasSize(12);
        ch.writeInbound(Unpooled.wrappedBuffer(frame, frame));
        for (int i = 0; i < 2; i++) {
            DatagramPacket p = h.toPeer(relayPort);
            assertThat(Harness.bytes(p.content())).containsExactly(1, 2, 3, 4, 5);
            p.release();
        }
        h.fromPeer(relayPort, PEER, new byte[] {9, 8, 7, 6, 5});
        assertThat(readAll(ch)).containsExactly(0x4a, 0xbc, 0, 5, 9, 8, 7, 6, 5, 0, 0, 0);

        assertThat(h.service.allocations()).extracting(a -> a.client().transport()).containsExactly(Transport.TCP);
        ch.close();
        assertThat(h.service.allocations()).as("closing the connection deletes the allocation").isEmpty();
    }

    @Test
    void garbage_on_a_tcp_stream_closes_it() throws Exception {
        EmbeddedChannel ch = tcp(h, Harness.client(8001));
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xC0, 1, 2, 3, 4, 5}));
        assertThat(ch.isOpen()).isFalse();
        assertThat(h.counter("weft.turn.dropped.packets", "reason", "malformed")).isEqualTo(1);
    }

    @Test
    void bandwidth_cap_drops_and_counts_what_is_over() {
        h.close();
        h = new Harness(b -> b.bandwidthLimit(1000));
        TestClient alice = new TestClient(h, 8100, "alice", "alice-pw");
        alice.ok(alice.allocate());
        alice.ok(alice.bind(0x4000, PEER));
        int passed = 0;
        for (int i = 0; i < 20; i++) {
            h.send(alice.address, ChannelData.encode(0x4000, new byte[100], false));
            DatagramPacket p = h.toPeer(alice.relayPort);
            if (p != null) {
                passed++;
                p.release();
            }
        }
        assertThat(passed).isEqualTo(10);
        assertThat(h.counter("weft.turn.dropped.packets", "reason", "bandwidth")).isEqualTo(10);
        assertThat(h.service.allocations().get(0).dropped()).isEqualTo(10);
        h.clock.advance(Duration.ofMillis(500));
        h.send(alice.address, ChannelData.encode(0x4000, new byte[100], false));
        DatagramPacket p = h.toPeer(alice.relayPort);
        assertThat(p).as("half a second refills 500 bytes").isNotNull();
        p.release();
    }

    @Test
    void malformed_storm_is_dropped_while_a_good_allocation_keeps_relaying() {
        TestClient alice = new TestClient(h, 8200, "alice", "alice-pw");
        alice.ok(alice.allocate());
        alice.ok(alice.bind(0x4000, PEER));
        SplittableRandom rnd = new SplittableRandom(42);
        int relayed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[rnd.nextInt(0, 200)];
            for (int j = 0; j < junk.length; j++) {
                junk[j] = (byte) rnd.nextInt(256);
            }
            if (junk.length > 8 && i % 3 == 0) {
                junk[0] &= 0x3F;
                junk[4] = 0x21;
                junk[5] = 0x12;
                junk[6] = (byte) 0xA4;
                junk[7] = 0x42;
            }
            // From strangers, and from the good client's own address.
            h.send(i % 2 == 0 ? Harness.client(9000 + (i % 50)) : alice.address, junk);
            for (Object o; (o = h.udp.readOutbound()) != null; ) {
                ((DatagramPacket) o).release();
            }
            for (DatagramPacket p; (p = h.toPeer(alice.relayPort)) != null; ) {
                p.release();
            }
            if (i % 100 == 0) {
                h.send(alice.address, ChannelData.encode(0x4000, new byte[] {(byte) i}, false));
                DatagramPacket p = h.toPeer(alice.relayPort);
                assertThat(p).as("relay still works after %d junk packets", i).isNotNull();
                relayed++;
                p.release();
            }
        }
        assertThat(relayed).isEqualTo(200);
        double dropped = h.counter("weft.turn.dropped.packets", "reason", "malformed")
                + h.counter("weft.turn.dropped.packets", "reason", "no_allocation")
                + h.counter("weft.turn.dropped.packets", "reason", "no_channel");
        assertThat(dropped).isGreaterThan(10_000);
        assertThat(h.service.allocations()).hasSize(1);
        assertThat(h.service.allocations().get(0).packetsOut()).isGreaterThanOrEqualTo(200);
        StunMessage stillServing = h.request(Harness.client(9999),
                StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random()));
        assertThat(stillServing.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
    }
}

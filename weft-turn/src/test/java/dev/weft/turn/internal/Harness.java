package dev.weft.turn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.stun.StunMessage;
import dev.weft.stun.StunParseException;
import dev.weft.turn.FiveTuple;
import dev.weft.turn.Transport;
import dev.weft.turn.TurnConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * A TurnService driven through a UDP frontend EmbeddedChannel, with fake relay sockets and a hand-moved clock:
 * byte-exact input, no sockets, no sleeps.
 */
final class Harness implements AutoCloseable {
    static final InetSocketAddress SERVER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 3478);
    static final String REALM = "weft-test";
    static final String SECRET = "rest-secret";

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeRelaySockets relays = new FakeRelaySockets();
    final TurnConfig config;
    final TurnService service;
    final EmbeddedChannel udp;

    Harness() {
        this(b -> { });
    }

    Harness(Consumer<TurnConfig.Builder> customize) {
        this(true, customize);
    }

    /** {@code allowLoopback}: allow peers in 127.0.0.0/8 (denied by default like any loopback range). */
    Harness(boolean allowLoopback, Consumer<TurnConfig.Builder> customize) {
        TurnConfig.Builder b = TurnConfig.builder()
                .listenHost("127.0.0.1")
                .relayAddress("127.0.0.1")
                .relayPorts(50000, 50099)
                .realm(REALM)
                .user("alice", "alice-pw")
                .user("bob", "bob-pw")
                .restSecret(SECRET)
                .software("weft-test")
                .clock(clock)
                .meterRegistry(registry);
        if (allowLoopback) {
            b.allowPeer("127.0.0.0/8");
        }
        customize.accept(b);
        config = b.build();
        service = new TurnService(config, InetAddress.getLoopbackAddress(), relays);
        udp = new EmbeddedChannel(new UdpFrontend(service));
    }

    static InetSocketAddress client(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Sends a datagram from {@code from}; returns the one reply (null if none). */
    byte[] exchange(InetSocketAddress from, byte[] datagram) {
        send(from, datagram);
        DatagramPacket reply = udp.readOutbound();
        if (reply == null) {
            return null;
        }
        assertThat(reply.recipient()).isEqualTo(from);
        byte[] bytes = ByteBufUtil.getBytes(reply.content());
        reply.release();
        assertThat(udp.<Object>readOutbound()).as("one reply only").isNull();
        return bytes;
    }

    void send(InetSocketAddress from, byte[] datagram) {
        udp.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(datagram), SERVER, from));
    }

    /** The next datagram the server sent to a client, or null. */
    DatagramPacket toClient() {
        return udp.readOutbound();
    }

    StunMessage request(InetSocketAddress from, byte[] datagram) {
        byte[] reply = exchange(from, datagram);
        assertThat(reply).as("a response").isNotNull();
        try {
            return StunMessage.decode(reply);
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }

    /** A peer at {@code peer} sends {@code payload} to the relay socket on {@code relayPort}. */
    void fromPeer(int relayPort, InetSocketAddress peer, byte[] payload) {
        relays.relay(relayPort).writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(payload),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), relayPort), peer));
    }

    /** The next datagram the relay socket on {@code relayPort} sent to a peer, or null. */
    DatagramPacket toPeer(int relayPort) {
        return relays.relay(relayPort).readOutbound();
    }

    double counter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    double functionCounter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).functionCounter();
        return c == null ? 0 : c.count();
    }

    static byte[] bytes(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    FiveTuple udpTuple(InetSocketAddress client) {
        return new FiveTuple(Transport.UDP, client, SERVER);
    }

    @Override
    public void close() {
        service.close();
        udp.finishAndReleaseAll();
        relays.byPort.values().forEach(EmbeddedChannel::finishAndReleaseAll);
    }
}

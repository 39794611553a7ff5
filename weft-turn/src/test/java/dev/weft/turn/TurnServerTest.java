package dev.weft.turn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.stun.ChannelData;
import dev.weft.stun.ChannelNumber;
import dev.weft.stun.LongTermKey;
import dev.weft.stun.MessageClass;
import dev.weft.stun.MessageType;
import dev.weft.stun.Nonce;
import dev.weft.stun.Realm;
import dev.weft.stun.RequestedTransport;
import dev.weft.stun.StunAttribute;
import dev.weft.stun.StunMessage;
import dev.weft.stun.StunMessageBuilder;
import dev.weft.stun.StunMethod;
import dev.weft.stun.TransactionId;
import dev.weft.stun.Username;
import dev.weft.stun.XorMappedAddress;
import dev.weft.stun.XorPeerAddress;
import dev.weft.stun.XorRelayedAddress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.DataInputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The public API on real sockets (127.0.0.1, free ports), with the epoll and the NIO transport. */
class TurnServerTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();

    @ParameterizedTest(name = "native transport: {0}, connected client sockets: {1}")
    @CsvSource({"true, true", "true, false", "false, false"})
    void start_bind_allocate_relay_list_terminate_close(boolean nativeTransport, boolean connectedUdp) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TurnConfig config = TurnConfig.builder().listenHost("127.0.0.1").port(0).relayAddress("127.0.0.1")
                .relayPorts(52000, 52099).user("u", "p").allowPeer("127.0.0.0/8").nativeTransport(nativeTransport)
                .connectedUdp(connectedUdp).ioThreads(2).meterRegistry(registry).build();
        int port;
        try (TurnServer server = new TurnServer(config).start();
             DatagramSocket client = new DatagramSocket(0, LO);
             DatagramSocket peer = new DatagramSocket(0, LO)) {
            port = server.udpPort();
            assertThat(port).isPositive();
            assertThat(server.tcpPort()).isEqualTo(port);
            assertThat(server.tlsPort()).isEqualTo(-1);
            client.setSoTimeout(3000);
            peer.setSoTimeout(3000);
            InetSocketAddress serverAddr = new InetSocketAddress(LO, port);

            StunMessage binding = exchange(client, serverAddr, StunMessageBuilder.build(MessageType.BINDING_REQUEST,
                    TransactionId.random()));
            assertThat(XorMappedAddress.getFrom(binding).address())
                    .isEqualTo(new InetSocketAddress(LO, client.getLocalPort()));

            StunMessage challenge = exchange(client, serverAddr, StunMessageBuilder.build(MessageType.ALLOCATE_REQUEST,
                    TransactionId.random(), new RequestedTransport(17)));
            String nonce = Nonce.getFrom(challenge).value();
            byte[] key = LongTermKey.md5("u", "weft", "p");
            StunMessage allocated = exchange(client, serverAddr, signed(StunMethod.ALLOCATE, nonce, key,
                    new RequestedTransport(17)));
            assertThat(allocated.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
            InetSocketAddress relayed = XorRelayedAddress.getFrom(allocated).address();
            InetSocketAddress peerAddr = new InetSocketAddress(LO, peer.getLocalPort());
            assertThat(exchange(client, serverAddr, signed(StunMethod.CHANNEL_BIND, nonce, key,
                    new ChannelNumber(0x4001), new XorPeerAddress(peerAddr))).messageClass())
                    .isEqualTo(MessageClass.SUCCESS_RESPONSE);

            byte[] frame = ChannelData.encode(0x4001, "to peer".getBytes(), false);
            client.send(new DatagramPacket(frame, frame.length, serverAddr));
            DatagramPacket got = new DatagramPacket(new byte[2048], 2048);
            peer.receive(got);
            assertThat(new String(got.getData(), 0, got.getLength())).isEqualTo("to peer");
            assertThat(got.getSocketAddress()).isEqualTo(relayed);
            peer.send(new DatagramPacket("to client".getBytes(), 9, relayed));
            client.receive(got);
            assertThat(ChannelData.decode(Arrays.copyOf(got.getData(), got.getLength())))
                    .isEqualTo(new ChannelData.Frame(0x4001, "to client".getBytes()));

            // TCP on the same port number answers Binding too.
            try (Socket tcp = new Socket(LO, server.tcpPort())) {
                tcp.getOutputStream().write(StunMessageBuilder.build(MessageType.BINDING_REQUEST, TransactionId.random()));
                byte[] header = new DataInputStream(tcp.getInputStream()).readNBytes(20);
                assertThat(header[0] << 8 | header[1]).isEqualTo(MessageType.BINDING_SUCCESS.encode());
            }

            AllocationInfo info = server.allocations().get(0);
            assertThat(info.username()).isEqualTo("u");
            assertThat(info.relayed()).isEqualTo(relayed);
            assertThat(info.channels()).containsEntry(0x4001, peerAddr);
            assertThat(info.packetsIn()).isEqualTo(1);
            assertThat(info.packetsOut()).isEqualTo(1);
            assertThat(registry.get("weft.turn.allocations.active").gauge().value()).isEqualTo(1);
            assertThat(server.terminate(info.id())).isTrue();
            assertThat(server.allocations()).isEmpty();
            assertThat(server.terminate(info.id())).isFalse();

            // The same 5-tuple can allocate again at once, and relays through its new allocation (with connected
            // client sockets, the ended allocation's socket is closed, so the listening socket hears the client).
            StunMessage again = exchange(client, serverAddr, signed(StunMethod.ALLOCATE, nonce, key,
                    new RequestedTransport(17)));
            assertThat(again.messageClass()).isEqualTo(MessageClass.SUCCESS_RESPONSE);
            InetSocketAddress relayedAgain = XorRelayedAddress.getFrom(again).address();
            assertThat(exchange(client, serverAddr, signed(StunMethod.CHANNEL_BIND, nonce, key,
                    new ChannelNumber(0x4002), new XorPeerAddress(peerAddr))).messageClass())
                    .isEqualTo(MessageClass.SUCCESS_RESPONSE);
            peer.send(new DatagramPacket("again".getBytes(), 5, relayedAgain));
            client.receive(got);
            assertThat(ChannelData.decode(Arrays.copyOf(got.getData(), got.getLength())))
                    .isEqualTo(new ChannelData.Frame(0x4002, "again".getBytes()));
            assertThat(server.allocations()).hasSize(1);
        }
        assertThat(registry.find("weft.turn.allocations.active").gauge()).as("meters removed at close").isNull();
        try (DatagramSocket again = new DatagramSocket(port, LO)) {
            assertThat(again.getLocalPort()).as("port released at close").isEqualTo(port);
        }
    }

    private static byte[] signed(StunMethod method, String nonce, byte[] key, StunAttribute... attrs) {
        StunMessageBuilder b = new StunMessageBuilder(new MessageType(method, MessageClass.REQUEST), TransactionId.random());
        for (StunAttribute a : attrs) {
            b.add(a);
        }
        return b.add(new Username("u")).add(new Realm("weft")).add(new Nonce(nonce)).addMessageIntegrity(key)
                .addFingerprint().build();
    }

    private static StunMessage exchange(DatagramSocket s, InetSocketAddress to, byte[] req) throws Exception {
        s.send(new DatagramPacket(req, req.length, to));
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        s.receive(p);
        return StunMessage.decode(Arrays.copyOf(p.getData(), p.getLength()));
    }
}

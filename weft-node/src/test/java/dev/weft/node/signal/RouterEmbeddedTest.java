package dev.weft.node.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.NodeConfig;
import dev.weft.node.testing.Spec;
import dev.weft.protocol.ClientMessageReader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The signaling handler and hub on Netty {@link EmbeddedChannel}s: byte-exact frames in, byte-exact frames
 * out, from the golden messages in spec/signaling/golden.json. No sockets, no sleeps.
 */
class RouterEmbeddedTest {
    private static final JsonNode GOLDEN = Spec.load("signaling/golden.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeConfig config = NodeConfig.builder().reclaimGrace(Duration.ofSeconds(5)).build();
    private final SignalingHub hub = new SignalingHub(config.reclaimGrace(), config.heartbeatInterval());
    private final ClientMessageReader reader = new ClientMessageReader();

    /** Per node-side channel, a client-side decoder of the bytes it writes. */
    private final Map<EmbeddedChannel, EmbeddedChannel> clients = new java.util.HashMap<>();

    /** A node-side socket: Netty's server frame encoder (as after the upgrade) and the signaling handler. */
    private EmbeddedChannel socket() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(new WebSocket08FrameEncoder(false), new SignalingHandler(hub, reader, config, ch, Map.of()));
        clients.put(ch, new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false).allowMaskMismatch(false).build())));
        return ch;
    }

    /** The next frame {@code ch} wrote, decoded as the client would, or null. */
    private WebSocketFrame frame(EmbeddedChannel ch) {
        EmbeddedChannel client = clients.get(ch);
        WebSocketFrame f;
        while ((f = client.readInbound()) == null) {
            ByteBuf raw = ch.readOutbound();
            if (raw == null) {
                return null;
            }
            client.writeInbound(raw);
        }
        return f;
    }

    private static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(new TextWebSocketFrame(text));
    }

    private String out(EmbeddedChannel ch) {
        Object o = frame(ch);
        assertThat(o).as("an outbound frame").isInstanceOf(TextWebSocketFrame.class);
        TextWebSocketFrame f = (TextWebSocketFrame) o;
        try {
            return f.content().toString(StandardCharsets.UTF_8);
        } finally {
            f.release();
        }
    }

    private JsonNode outJson(EmbeddedChannel ch) throws Exception {
        return JSON.readTree(out(ch));
    }

    private EmbeddedChannel registered(String id) throws Exception {
        EmbeddedChannel ch = socket();
        send(ch, "{\"type\":\"register\",\"id\":\"" + id + "\",\"token\":\"token-of-" + id + "-0123456789\"}");
        assertThat(outJson(ch).get("type").asText()).isEqualTo("registered");
        return ch;
    }

    @TestFactory
    Stream<DynamicTest> goldenRelaysLeaveTheRouterByteForByte() {
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        for (JsonNode c : GOLDEN.get("relay")) {
            int i = n++;
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                // The golden target id may be "b" or "bob"; register it and the sender under those names.
                String in = c.get("json").asText();
                String to = JSON.readTree(in).get("to").asText();
                EmbeddedChannel from = registered(c.get("from").asText());
                EmbeddedChannel target = registered(to);
                send(from, in);
                assertThat(out(target)).isEqualTo(c.get("out").asText());
                assertThat(frame(from)).isNull();
                from.close();
                target.close();
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> goldenBadMessagesGetTheirErrorCode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GOLDEN.get("client")) {
            if (!c.has("error")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                EmbeddedChannel ch = socket();
                send(ch, c.get("json").asText());
                JsonNode e = outJson(ch);
                assertThat(e.get("type").asText()).isEqualTo("error");
                assertThat(e.get("code").asText()).isEqualTo(c.get("error").asText());
                assertThat(ch.isActive()).as("bad messages do not close the socket").isTrue();
                ch.close();
            }));
        }
        return tests.stream();
    }

    @Test
    void aDroppedIdIsHeldForItsTokenThenReleasedWhenTheGraceEnds() throws Exception {
        EmbeddedChannel bob = registered("bob");
        EmbeddedChannel alice = registered("alice");
        send(alice, "{\"type\":\"offer\",\"to\":\"bob\",\"payload\":{}}");
        out(bob);
        // A dropped TCP connection: inactive without a close frame (EmbeddedChannel.close() would also cancel
        // the channel's scheduled tasks, including the grace timer this test is about).
        alice.pipeline().fireChannelInactive();
        assertThat(hub.isOnline("alice")).isFalse();
        EmbeddedChannel mallory = socket();
        send(mallory, "{\"type\":\"register\",\"id\":\"alice\",\"token\":\"someone-else-0123456789\"}");
        assertThat(outJson(mallory).get("code").asText()).isEqualTo("ID_TAKEN");
        assertThat(frame(bob)).as("no peer-left during the grace").isNull();

        alice.advanceTimeBy(6, TimeUnit.SECONDS);
        alice.runScheduledPendingTasks();
        assertThat(out(bob)).isEqualTo("{\"type\":\"peer-left\",\"id\":\"alice\"}");
        send(mallory, "{\"type\":\"register\",\"id\":\"alice\",\"token\":\"someone-else-0123456789\"}");
        assertThat(outJson(mallory).get("type").asText()).isEqualTo("registered");
    }

    @Test
    void aCloseFrameReleasesAtOnceAndTellsContacts() throws Exception {
        EmbeddedChannel bob = registered("bob2");
        EmbeddedChannel alice = registered("alice2");
        send(bob, "{\"type\":\"signal\",\"to\":\"alice2\",\"payload\":1}");
        out(alice);
        alice.writeInbound(new CloseWebSocketFrame(1001, "tab closed"));
        assertThat(frame(alice)).isInstanceOf(CloseWebSocketFrame.class);
        assertThat(out(bob)).isEqualTo("{\"type\":\"peer-left\",\"id\":\"alice2\"}");
        assertThat(hub.size()).isEqualTo(1);
    }

    @Test
    void relayedFramesAreBuiltInPooledBuffersWithoutLeaks() throws Exception {
        EmbeddedChannel a = registered("leak-a");
        EmbeddedChannel b = registered("leak-b");
        for (int i = 0; i < 100; i++) {
            send(a, "{\"type\":\"candidate\",\"to\":\"leak-b\",\"payload\":{\"i\":" + i + "}}");
            // The whole relayed frame, header included, is one buffer (RelayEncoder), released once written.
            ByteBuf raw = b.readOutbound();
            assertThat(raw.refCnt()).isEqualTo(1);
            assertThat((Object) b.readOutbound()).isNull();
            raw.release();
            assertThat(raw.refCnt()).isZero();
        }
        assertThat(a.finish()).isFalse();
    }
}

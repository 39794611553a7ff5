package dev.weft.node.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.testing.RawWebSocket;
import dev.weft.node.testing.TestNode;
import dev.weft.node.testing.WsClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a clear error or close code, and other clients are unaffected. */
class BadInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(b -> b.maxMessageBytes(8 * 1024).messagesPerSecond(50)
                .heartbeatInterval(Duration.ofMillis(300)).heartbeatTimeout(Duration.ofMillis(1200))
                .registerTimeout(Duration.ofSeconds(1)).reclaimGrace(Duration.ZERO));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static JsonNode json(RawWebSocket.Frame f) throws Exception {
        assertThat(f).as("a frame").isNotNull();
        return JSON.readTree(f.payload());
    }

    @Test
    void malformedMessagesGetErrorsAndTheSocketStaysUsable() {
        try (WsClient a = WsClient.connect(node.ws("/ws"))) {
            a.register("bad-a", null);
            a.send("not json");
            assertThat(a.next().get("code").asText()).isEqualTo("INVALID_JSON");
            a.send("{\"type\":\"teleport\"}");
            assertThat(a.next().get("code").asText()).isEqualTo("UNKNOWN_TYPE");
            a.send("{\"type\":\"offer\",\"to\":\"bad id!\",\"payload\":{}}");
            assertThat(a.next().get("code").asText()).isEqualTo("INVALID_ID");
            a.send("{\"type\":\"offer\",\"to\":\"x\",\"payload\":" + "[".repeat(40) + "]".repeat(40) + "}");
            assertThat(a.next().get("code").asText()).isEqualTo("INVALID_MESSAGE");
            a.sendBinary(new byte[] {1, 2, 3});
            assertThat(a.next().get("code").asText()).isEqualTo("UNSUPPORTED_FRAME");
            a.send("{\"type\":\"ping\"}");
            assertThat(a.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void anOversizedFrameClosesWith1009() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(node.port(), "/ws")) {
            byte[] big = new byte[9 * 1024];
            Arrays.fill(big, (byte) 'a');
            raw.sendFrame(RawWebSocket.TEXT, big, true);
            assertThat(raw.awaitCloseCode(3000)).isEqualTo(1009);
        }
    }

    @Test
    void aFragmentedMessageOverTheLimitClosesWith1009() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(node.port(), "/ws")) {
            byte[] part = new byte[3 * 1024];
            Arrays.fill(part, (byte) ' ');
            raw.sendFrame(RawWebSocket.TEXT, part, false);
            raw.sendFrame(RawWebSocket.CONTINUATION, part, false);
            raw.sendFrame(RawWebSocket.CONTINUATION, part, true);
            RawWebSocket.Frame f = raw.readText();
            assertThat(json(f).get("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");
            assertThat(raw.awaitCloseCode(3000)).isEqualTo(1009);
        }
    }

    @Test
    void aFragmentedMessageWithinTheLimitIsAccepted() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(node.port(), "/ws")) {
            raw.sendFrame(RawWebSocket.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8), false);
            raw.sendFrame(RawWebSocket.CONTINUATION, "\"ping\"}".getBytes(StandardCharsets.UTF_8), true);
            assertThat(json(raw.readText()).get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void invalidUtf8ClosesWith1007() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(node.port(), "/ws")) {
            raw.sendFrame(RawWebSocket.TEXT, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}, true);
            assertThat(raw.awaitCloseCode(3000)).isEqualTo(1007);
        }
    }

    @Test
    void aSilentSocketIsEvictedAndItsIdFreed() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(node.port(), "/ws")) {
            raw.sendText("{\"type\":\"register\",\"id\":\"silent-one\"}");
            assertThat(json(raw.readText()).get("type").asText()).isEqualTo("registered");
            // Never answer the node's pings: after the heartbeat timeout it must evict us.
            long t0 = System.nanoTime();
            RawWebSocket.Frame f;
            int closeCode = -1;
            raw.setReadTimeout(4000);
            while ((f = raw.read()) != null) {
                if (f.opcode() == RawWebSocket.CLOSE) {
                    closeCode = f.closeCode();
                    break;
                }
            }
            assertThat(closeCode).isEqualTo(4000);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
        Thread.sleep(100);
        try (WsClient b = WsClient.connect(node.ws("/ws"))) {
            assertThat(b.register("silent-one", null).get("type").asText()).isEqualTo("registered");
        }
    }

    @Test
    void aSocketThatAnswersPingsIsNotEvicted() throws Exception {
        try (WsClient a = WsClient.connect(node.ws("/ws"))) {
            a.register("pongs-back", null);
            Thread.sleep(2500); // twice the heartbeat timeout; the JDK client answers pings
            assertThat(a.isClosed()).isFalse();
            a.send("{\"type\":\"ping\"}");
            assertThat(a.next().get("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void aSocketThatNeverRegistersIsClosed() throws Exception {
        try (RawWebSocket raw = new RawWebSocket(node.port(), "/ws")) {
            raw.setReadTimeout(3000);
            RawWebSocket.Frame f;
            while ((f = raw.read()) != null && f.opcode() != RawWebSocket.TEXT) {
                // pings
            }
            assertThat(json(f).get("code").asText()).isEqualTo("REGISTER_TIMEOUT");
            assertThat(raw.awaitCloseCode(3000)).isEqualTo(4002);
        }
    }

    @Test
    void floodingIsRateLimitedThenClosedWhileOthersKeepWorking() throws Exception {
        try (WsClient a = WsClient.connect(node.ws("/ws")); WsClient b = WsClient.connect(node.ws("/ws"));
             RawWebSocket flood = new RawWebSocket(node.port(), "/ws")) {
            a.register("calm-a", null);
            b.register("calm-b", null);
            flood.sendText("{\"type\":\"register\",\"id\":\"flooder\"}");
            boolean limited = false;
            int closeCode = -1;
            // Send far over 50/s until the node closes us (bounded): first RATE_LIMITED, then a 1008 close.
            long t0 = System.nanoTime();
            for (int i = 0; i < 50_000 && System.nanoTime() - t0 < 15_000_000_000L; i++) {
                try {
                    flood.sendText("{\"type\":\"offer\",\"to\":\"calm-a\",\"payload\":{\"i\":" + i + "}}");
                } catch (java.io.IOException closed) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            RawWebSocket.Frame f;
            while ((f = flood.read()) != null) {
                if (f.opcode() == RawWebSocket.TEXT && f.text().contains("RATE_LIMITED")) {
                    limited = true;
                }
                if (f.opcode() == RawWebSocket.CLOSE) {
                    closeCode = f.closeCode();
                    break;
                }
            }
            assertThat(limited).isTrue();
            assertThat(closeCode).isEqualTo(1008);
            // What got through reached calm-a: at most the burst (2x the rate) plus the rate per elapsed second.
            int delivered = 0;
            while (true) {
                try {
                    a.nextTextWithin(500);
                    delivered++;
                } catch (AssertionError done) {
                    break;
                }
            }
            assertThat(delivered).isBetween(1, 100 + (int) Math.ceil(50 * (seconds + 1)));
            // Other clients are unaffected.
            b.send("{\"type\":\"signal\",\"to\":\"calm-a\",\"payload\":1}");
            assertThat(a.next().get("from").asText()).isEqualTo("calm-b");
        }
    }

    @Test
    void httpOnTheSocketPathWithoutUpgradeIsRefused() throws Exception {
        var res = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.http() + "/ws")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("WEBSOCKET_REQUIRED");
    }
}

package dev.weft.node.classic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.node.testing.Spec;
import dev.weft.node.testing.TestNode;
import dev.weft.node.testing.WsClient;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Seed 003's protocol, message by message, from spec/signaling/classic.json. */
class ClassicProtocolTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theScriptedSessionProducesExactlyTheDocumentedFrames() {
        JsonNode spec = Spec.load("signaling/classic.json");
        Map<String, WsClient> sockets = new HashMap<>();
        try {
            for (String name : new String[] {"A", "B", "C"}) {
                WsClient c = WsClient.connect(node.ws("/classic"));
                assertThat(c.nextText()).isEqualTo(spec.get("hello").asText());
                sockets.put(name, c);
            }
            int step = 0;
            for (JsonNode s : spec.get("steps")) {
                step++;
                WsClient from = sockets.get(s.get("from").asText());
                if (s.path("close").asBoolean()) {
                    from.close();
                } else {
                    from.send(s.get("send").asText());
                }
                Iterator<Map.Entry<String, JsonNode>> expected = s.get("expect").fields();
                while (expected.hasNext()) {
                    Map.Entry<String, JsonNode> e = expected.next();
                    for (JsonNode frame : e.getValue()) {
                        assertThat(sockets.get(e.getKey()).nextText()).as("step %d to %s", step, e.getKey())
                                .isEqualTo(frame.asText());
                    }
                }
                for (Map.Entry<String, WsClient> other : sockets.entrySet()) {
                    if (!s.get("expect").has(other.getKey()) && !other.getValue().isClosed()) {
                        other.getValue().assertNoMore(50);
                    }
                }
            }
        } finally {
            sockets.values().forEach(WsClient::close);
        }
    }

    @Test
    void binaryFramesCarryingJsonWorkAsInTheSeedServer() {
        try (WsClient a = WsClient.connect(node.ws("/classic"))) {
            a.nextText();
            a.sendBinary("{\"type\":\"login\",\"name\":\"bin-user\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(a.nextText()).isEqualTo("{\"type\":\"login\",\"success\":true}");
        }
    }

    @Test
    void invalidNamesAndASecondLoginAreRefused() {
        try (WsClient a = WsClient.connect(node.ws("/classic"))) {
            a.nextText();
            a.send("{\"type\":\"login\"}");
            assertThat(a.next().get("success").asBoolean()).isFalse();
            a.send("{\"type\":\"login\",\"name\":\"a\\u0000b\"}");
            assertThat(a.next().get("success").asBoolean()).isFalse();
            a.send("{\"type\":\"login\",\"name\":\"小明\"}");
            assertThat(a.nextText()).isEqualTo("{\"type\":\"login\",\"success\":true}");
            a.send("{\"type\":\"login\",\"name\":\"other\"}");
            JsonNode r = a.next();
            assertThat(r.get("success").asBoolean()).isFalse();
            assertThat(r.get("message").asText()).contains("小明");
        }
    }

    @Test
    void aCallPartnerIsToldWhenTheOtherSideDisconnects() {
        try (WsClient a = WsClient.connect(node.ws("/classic")); WsClient b = WsClient.connect(node.ws("/classic"))) {
            a.nextText();
            b.nextText();
            a.send("{\"type\":\"login\",\"name\":\"p-a\"}");
            b.send("{\"type\":\"login\",\"name\":\"p-b\"}");
            a.nextText();
            b.nextText();
            b.send("{\"type\":\"offer\",\"name\":\"p-a\",\"offer\":{}}");
            a.nextText();
            b.abort(); // no close frame: the seed's 'close' handler must still fire
            assertThat(a.nextText()).isEqualTo("{\"type\":\"leave\"}");
        }
    }
}

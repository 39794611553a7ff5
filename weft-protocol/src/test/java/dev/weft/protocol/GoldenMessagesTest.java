package dev.weft.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class GoldenMessagesTest {
    private static final JsonNode GOLDEN = Spec.load("signaling/golden.json");
    private final ClientMessageReader reader = new ClientMessageReader();

    @TestFactory
    Stream<DynamicTest> clientMessages() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GOLDEN.get("client")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkClient(c)));
        }
        return tests.stream();
    }

    private void checkClient(JsonNode c) throws Exception {
        // Put the frame at a non-zero offset to prove payload offsets are absolute.
        byte[] json = c.get("json").asText().getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[json.length + 7];
        System.arraycopy(json, 0, frame, 7, json.length);
        if (c.has("error")) {
            assertThatThrownBy(() -> reader.read(frame, 7, json.length))
                    .isInstanceOfSatisfying(ProtocolException.class, e -> {
                        assertThat(e.code().name()).isEqualTo(c.get("error").asText());
                        assertThat(e.ref()).isEqualTo(text(c, "ref"));
                    });
            return;
        }
        ClientMessage m = reader.read(frame, 7, json.length);
        assertThat(m.ref()).isEqualTo(text(c, "ref"));
        switch (c.get("type").asText()) {
            case "register": {
                ClientMessage.Register r = (ClientMessage.Register) m;
                assertThat(r.id()).isEqualTo(text(c, "id"));
                assertThat(r.token()).isEqualTo(text(c, "token"));
                break;
            }
            case "ping":
                assertThat(m).isInstanceOf(ClientMessage.Ping.class);
                break;
            case "leave":
                assertThat(m).isInstanceOf(ClientMessage.Leave.class);
                break;
            default: {
                ClientMessage.Relay r = (ClientMessage.Relay) m;
                assertThat(r.type().wire()).isEqualTo(c.get("type").asText());
                assertThat(r.to()).isEqualTo(text(c, "to"));
                String payload = r.hasPayload()
                        ? new String(frame, r.payloadOffset(), r.payloadLength(), StandardCharsets.UTF_8) : null;
                assertThat(payload).isEqualTo(text(c, "payload"));
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> relayedFrames() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : GOLDEN.get("relay")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                byte[] frame = c.get("json").asText().getBytes(StandardCharsets.UTF_8);
                ClientMessage.Relay r = (ClientMessage.Relay) reader.read(frame);
                byte[] out = ServerMessages.relay(r.type(), c.get("from").asText(), frame,
                        r.payloadOffset(), r.payloadLength());
                assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(c.get("out").asText());
                assertThat(out.length).isEqualTo(
                        ServerMessages.relayLength(r.type(), c.get("from").asText(), r.payloadLength()));
            }));
        }
        return tests.stream();
    }

    @Test
    void serverFramesMatchGoldenBytes() {
        JsonNode s = GOLDEN.get("server");
        assertThat(utf8(ServerMessages.registered("alice", "s3cret-token-0123456789", 20000)))
                .isEqualTo(find(s, "registered"));
        assertThat(utf8(ServerMessages.error(ErrorCode.PEER_UNAVAILABLE, "bob is not online", "c-1", "bob")))
                .isEqualTo(find(s, "error with ref and target"));
        assertThat(utf8(ServerMessages.error(ErrorCode.ID_TAKEN, "the id alice is taken", null, null)))
                .isEqualTo(find(s, "error"));
        assertThat(utf8(ServerMessages.peerLeft("bob"))).isEqualTo(find(s, "peer-left"));
        assertThat(utf8(ServerMessages.pong(null))).isEqualTo(find(s, "pong"));
        assertThat(utf8(ServerMessages.pong("p1"))).isEqualTo(find(s, "pong with ref"));
    }

    @Test
    void errorCodesMatchTheSpecList() {
        List<String> spec = new ArrayList<>();
        Spec.load("error-codes.json").get("node").forEach(n -> spec.add(n.asText()));
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).containsExactlyElementsOf(spec);
    }

    @Test
    void errorMessagesAreEscaped() {
        String out = utf8(ServerMessages.error(ErrorCode.INVALID_MESSAGE, "quote \" and \n newline", null, null));
        assertThat(out).contains("quote \\\" and \\n newline");
    }

    private static String find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (n.get("name").asText().equals(name)) {
                return n.get("json").asText();
            }
        }
        throw new AssertionError("no golden named " + name);
    }

    private static String text(JsonNode n, String field) {
        return n.has(field) ? n.get(field).asText() : null;
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}

package dev.weft.protocol.peerjs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PeerJsReaderTest {
    private final PeerJsReader reader = new PeerJsReader();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheEnvelopeAndLocatesThePayloadBytes() throws Exception {
        byte[] f = utf8("{\"type\":\"OFFER\",\"src\":\"liar\",\"dst\":\"bob\",\"payload\":{\"sdp\":\"v=0\\r\\n\",\"n\":[1,2]}}");
        PeerJsMessage m = reader.read(f, 0, f.length);
        assertThat(m.type()).isEqualTo(PeerJsType.OFFER);
        assertThat(m.dst()).isEqualTo("bob");
        assertThat(new String(f, m.payloadOffset(), m.payloadLength(), StandardCharsets.UTF_8))
                .isEqualTo("{\"sdp\":\"v=0\\r\\n\",\"n\":[1,2]}");
        byte[] out = PeerJsFrames.relay(m.type(), "alice", m.dst(), f, m.payloadOffset(), m.payloadLength());
        assertThat(new String(out, StandardCharsets.UTF_8)).isEqualTo(
                "{\"type\":\"OFFER\",\"src\":\"alice\",\"dst\":\"bob\",\"payload\":{\"sdp\":\"v=0\\r\\n\",\"n\":[1,2]}}");
    }

    @Test
    void unknownTypesAreKeptAsNullAndHeartbeatNeedsNothingElse() throws Exception {
        assertThat(reader.read(utf8("{\"type\":\"FUTURE\"}"), 0, 17).type()).isNull();
        byte[] hb = utf8("{\"type\":\"HEARTBEAT\"}");
        PeerJsMessage m = reader.read(hb, 0, hb.length);
        assertThat(m.type()).isEqualTo(PeerJsType.HEARTBEAT);
        assertThat(m.payloadLength()).isZero();
    }

    @Test
    void brokenMessagesAreRefusedWithAReason() {
        for (String bad : new String[] {"nope", "[]", "{\"type\":1}", "{}", "{\"type\":\"OFFER\",\"dst\":5}",
                "{\"type\":\"OFFER\"} {}", "{\"type\":\"OFFER\",\"dst\":\"\"}", "[".repeat(50)}) {
            assertThatThrownBy(() -> reader.read(utf8(bad), 0, utf8(bad).length)).as(bad)
                    .isInstanceOf(PeerJsReader.Invalid.class).hasMessageStartingWith("Invalid message: ");
        }
    }

    @Test
    void serverFramesMatchPeerServersJsonStringify() {
        assertThat(new String(PeerJsFrames.open(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"OPEN\"}");
        assertThat(new String(PeerJsFrames.idTaken(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}");
        assertThat(new String(PeerJsFrames.error(PeerJsFrames.INVALID_KEY), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"ERROR\",\"payload\":{\"msg\":\"Invalid key provided\"}}");
        assertThat(new String(PeerJsFrames.notice(PeerJsType.EXPIRE, "b", "a"), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"EXPIRE\",\"src\":\"b\",\"dst\":\"a\"}");
        assertThat(PeerJsIds.isValid("a b-c_1")).isTrue();
        assertThat(PeerJsIds.isValid("x".repeat(129))).isFalse();
        assertThat(PeerJsIds.isValid("tab\there")).isFalse();
    }
}

package dev.weft.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void aBroadcastRoundTrips() throws Exception {
        String text = "{\"type\":\"bcast\",\"id\":\"m1\",\"from\":\"alice\",\"group\":\"g1\",\"body\":{\"term\":\"chat\",\"payload\":{\"x\":[1,2]}},\"sig\":\"s\"}";
        Envelope e = codec.decode(text);
        assertThat(e.type()).isEqualTo(MessageType.BCAST);
        assertThat(e.from()).isEqualTo("alice");
        assertThat(e.sig()).isEqualTo("s");
        assertThat(codec.encode(e)).isEqualTo(text);
    }

    @Test
    void badInputGetsStableCodes() {
        code("not json", ErrorCode.INVALID_JSON);
        code("[1]", ErrorCode.INVALID_JSON);
        code("{\"type\":\"hello\"} x", ErrorCode.INVALID_JSON);
        code("{\"type\":\"nope\"}", ErrorCode.UNKNOWN_TYPE);
        code("{\"type\":1}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"join\",\"type\":\"join\"}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"join\",\"id\":\"a\"}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"join\",\"id\":\"a\",\"group\":\"/\"}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"join\",\"id\":\"a\",\"group\":\"bad group\"}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"bcast\",\"id\":\"a\",\"from\":\"-x\",\"group\":\"g\"}", ErrorCode.INVALID_ID);
        code("{\"type\":\"route\",\"id\":\"a\",\"ttl\":11,\"group\":\"/\",\"body\":{\"group\":\"g\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"hello\",\"body\":{\"id\":\"a\",\"kind\":\"martian\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"hello\",\"body\":{\"id\":\"a\",\"kind\":\"node\",\"url\":\"http://x\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"signal\",\"id\":\"a\",\"from\":\"a\",\"to\":\"b\",\"ttl\":3,\"body\":{\"kind\":\"x\",\"route\":[]}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"bcast\",\"id\":\"a\",\"from\":\"a\",\"group\":\"g\",\"body\":" + "[".repeat(40) + "]".repeat(40) + "}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"bcast\",\"x\":\"" + "a".repeat(70_000) + "\"}", ErrorCode.MESSAGE_TOO_LARGE);
    }

    private void code(String text, ErrorCode expected) {
        assertThatThrownBy(() -> codec.decode(text)).isInstanceOfSatisfying(OverlayException.class,
                ex -> assertThat(ex.code()).as(text.length() > 80 ? text.substring(0, 80) : text).isEqualTo(expected));
    }
}

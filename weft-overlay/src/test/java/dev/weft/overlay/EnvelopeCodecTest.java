package dev.weft.overlay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.protocol.ErrorCode;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    private final EnvelopeCodec codec = new EnvelopeCodec();

    private static final String ALICE = Identity.forName("alice").id();
    private static final String SIG = "A".repeat(86);

    @Test
    void aBroadcastRoundTrips() throws Exception {
        String text = "{\"type\":\"bcast\",\"id\":\"m1\",\"from\":\"" + ALICE + "\",\"group\":\"g1\",\"body\":{\"term\":\"chat\",\"payload\":{\"x\":[1,2]}},\"sig\":\"" + SIG + "\"}";
        Envelope e = codec.decode(text);
        assertThat(e.type()).isEqualTo(MessageType.BCAST);
        assertThat(e.from()).isEqualTo(ALICE);
        assertThat(e.sig()).isEqualTo(SIG);
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
        code("{\"type\":\"hello\",\"body\":{\"id\":\"" + ALICE + "\",\"kind\":\"martian\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"hello\",\"body\":{\"id\":\"" + ALICE + "\",\"kind\":\"node\",\"url\":\"http://x\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"signal\",\"id\":\"a\",\"from\":\"" + ALICE + "\",\"to\":\"" + ALICE + "\",\"ttl\":3,\"body\":{\"kind\":\"x\",\"route\":[]}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"bcast\",\"id\":\"a\",\"from\":\"" + ALICE + "\",\"group\":\"g\",\"body\":" + "[".repeat(40) + "]".repeat(40) + "}", ErrorCode.INVALID_MESSAGE);
        // issue 5: ids are keys, hello has a nonce, auth and sig have the size of an Ed25519 signature
        code("{\"type\":\"hello\",\"body\":{\"id\":\"alice\",\"kind\":\"browser\",\"nonce\":\"AAAAAAAAAAAAAAAAAAAAAA\"}}", ErrorCode.INVALID_ID);
        code("{\"type\":\"hello\",\"body\":{\"id\":\"" + ALICE + "\",\"kind\":\"browser\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"hello\",\"body\":{\"id\":\"" + ALICE + "\",\"kind\":\"browser\",\"nonce\":\"short\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"auth\",\"body\":{\"sig\":\"abc\"}}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"auth\"}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"bcast\",\"id\":\"a\",\"from\":\"" + ALICE + "\",\"group\":\"g\",\"body\":{\"term\":\"t\"},\"sig\":\"xyz\"}", ErrorCode.INVALID_MESSAGE);
        code("{\"type\":\"signal\",\"id\":\"a\",\"from\":\"" + ALICE + "\",\"to\":\"" + ALICE + "\",\"ttl\":3,\"body\":{\"kind\":\"x\",\"route\":[\"node1\"]}}", ErrorCode.INVALID_ID);
        code("{\"type\":\"bcast\",\"x\":\"" + "a".repeat(70_000) + "\"}", ErrorCode.MESSAGE_TOO_LARGE);
    }

    private void code(String text, ErrorCode expected) {
        assertThatThrownBy(() -> codec.decode(text)).isInstanceOfSatisfying(OverlayException.class,
                ex -> assertThat(ex.code()).as(text.length() > 80 ? text.substring(0, 80) : text).isEqualTo(expected));
    }
}

package dev.weft.node.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.protocol.RelayType;
import dev.weft.protocol.ServerMessages;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The relayed frames the node writes without Netty's encoder decode, as a client would, to the same message. */
class RelayEncoderTest {
    @Test
    void writesValidWebSocketTextFramesForEveryLengthForm() {
        // 7-bit, 16-bit and 64-bit payload lengths (RFC 6455 section 5.2), and the boundaries between them.
        for (int payloadBytes : new int[] {0, 1, 60, 100, 200, 2048, 65_400, 65_600, 70_000}) {
            String payload = payloadBytes == 0 ? "" : "\"" + "p".repeat(Math.max(0, payloadBytes - 2)) + "\"";
            byte[] frame = ("xx" + payload).getBytes(StandardCharsets.US_ASCII);
            EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                    .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
            client.writeInbound(RelayEncoder.encode(ByteBufAllocator.DEFAULT, RelayType.OFFER, "alice", frame, 2,
                    payload.length()));
            TextWebSocketFrame decoded = client.readInbound();
            assertThat(decoded).as("%d payload bytes", payloadBytes).isNotNull();
            assertThat(decoded.isFinalFragment()).isTrue();
            assertThat(decoded.text()).isEqualTo(new String(ServerMessages.relay(RelayType.OFFER, "alice", frame, 2,
                    payload.length()), StandardCharsets.US_ASCII));
            decoded.release();
            assertThat(client.finishAndReleaseAll()).isFalse();
        }
    }
}

package dev.weft.node.signal;

import dev.weft.protocol.RelayType;
import dev.weft.protocol.ServerMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes a relayed message as a complete WebSocket text frame straight into one pooled buffer: the frame header
 * (RFC 6455 section 5.2: FIN, opcode 1, unmasked as a server's frames are, 7-, 16- or 64-bit length), then the
 * constant prefix for the type, the sender's id (ASCII by the id rules), and the payload bytes as the sender
 * wrote them. The message bytes are those of {@link ServerMessages#relay}. Written to the channel as a plain
 * {@code ByteBuf}, the frame passes Netty's WebSocket encoder untouched (it encodes {@code WebSocketFrame}s
 * only; the socket has no extensions), which saves a frame object, the encoder's header buffer, and for small
 * frames its copy of the message.
 */
final class RelayEncoder {
    private static final byte[][] PREFIX = new byte[RelayType.values().length][];
    private static final byte[] WITH_PAYLOAD = ServerMessages.relayFromEnd(true);
    private static final byte[] WITHOUT_PAYLOAD = ServerMessages.relayFromEnd(false);
    private static final int FIN_TEXT = 0x81;

    static {
        for (RelayType t : RelayType.values()) {
            PREFIX[t.ordinal()] = t.framePrefix();
        }
    }

    private RelayEncoder() {
    }

    static ByteBuf encode(ByteBufAllocator alloc, RelayType type, String from,
                          byte[] frame, int payloadOffset, int payloadLength) {
        int len = ServerMessages.relayLength(type, from, payloadLength);
        int header = len <= 125 ? 2 : len <= 0xFFFF ? 4 : 10;
        ByteBuf out = alloc.buffer(header + len, header + len);
        out.writeByte(FIN_TEXT);
        if (len <= 125) {
            out.writeByte(len);
        } else if (len <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(len);
        } else {
            out.writeByte(127);
            out.writeLong(len);
        }
        out.writeBytes(PREFIX[type.ordinal()]);
        out.writeCharSequence(from, StandardCharsets.US_ASCII);
        if (payloadLength > 0) {
            out.writeBytes(WITH_PAYLOAD);
            out.writeBytes(frame, payloadOffset, payloadLength);
            out.writeByte('}');
        } else {
            out.writeBytes(WITHOUT_PAYLOAD);
        }
        return out;
    }
}

package dev.weft.node.signal;

import dev.weft.protocol.RelayType;
import dev.weft.protocol.ServerMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Writes a relayed frame straight into a pooled buffer: the constant prefix for the type, the sender's id
 * (ASCII by the id rules), and the payload bytes as the sender wrote them. Same bytes as
 * {@link ServerMessages#relay}; no intermediate arrays.
 */
final class RelayEncoder {
    private static final byte[][] PREFIX = new byte[RelayType.values().length][];
    private static final byte[] WITH_PAYLOAD = ServerMessages.relayFromEnd(true);
    private static final byte[] WITHOUT_PAYLOAD = ServerMessages.relayFromEnd(false);

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
        ByteBuf out = alloc.buffer(len, len);
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

package dev.weft.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Builds the frames the node sends on the native socket. Field order is fixed ({@code type} first) so the
 * frames are byte-for-byte stable; {@code spec/signaling/golden.json} holds examples of each.
 */
public final class ServerMessages {
    private static final byte[] PONG = ascii("{\"type\":\"pong\"}");
    private static final byte[] FROM_END = ascii("\",\"payload\":");
    private static final byte[] FROM_END_NO_PAYLOAD = ascii("\"}");

    private ServerMessages() {
    }

    /** {@code {"type":"registered","id":...,"token":...,"heartbeat":ms}} */
    public static byte[] registered(String id, String token, long heartbeatMillis) {
        return new JsonBytes().raw("{\"type\":\"registered\",\"id\":").str(id)
                .raw(",\"token\":").str(token)
                .raw(",\"heartbeat\":").raw(Long.toString(heartbeatMillis)).raw("}").bytes();
    }

    /** {@code {"type":"error","code":...,"message":...,"ref"?,"to"?}} */
    public static byte[] error(ErrorCode code, String message, String ref, String to) {
        JsonBytes w = new JsonBytes().raw("{\"type\":\"error\",\"code\":\"").raw(code.name())
                .raw("\",\"message\":").str(message);
        if (ref != null) {
            w.raw(",\"ref\":").str(ref);
        }
        if (to != null) {
            w.raw(",\"to\":").str(to);
        }
        return w.raw("}").bytes();
    }

    /** {@code {"type":"peer-left","id":...}}: a peer this client talked to has left the network. */
    public static byte[] peerLeft(String id) {
        return new JsonBytes().raw("{\"type\":\"peer-left\",\"id\":").str(id).raw("}").bytes();
    }

    /** {@code {"type":"pong"}} or with the ping's ref. */
    public static byte[] pong(String ref) {
        if (ref == null) {
            return PONG.clone();
        }
        return new JsonBytes().raw("{\"type\":\"pong\",\"ref\":").str(ref).raw("}").bytes();
    }

    /** Length of the relayed frame {@link #writeRelay} produces. {@code from} must be a valid id (ASCII). */
    public static int relayLength(RelayType type, String from, int payloadLength) {
        int n = type.framePrefixUnsafe().length + from.length();
        return payloadLength > 0 ? n + FROM_END.length + payloadLength + 1 : n + FROM_END_NO_PAYLOAD.length;
    }

    /**
     * {@code {"type":"offer","from":"alice","payload":<payload bytes as sent>}} written into {@code out} at
     * {@code pos}; returns the new position. The payload is copied, not re-serialized.
     */
    public static int writeRelay(byte[] out, int pos, RelayType type, String from,
                                 byte[] frame, int payloadOffset, int payloadLength) {
        pos = put(out, pos, type.framePrefixUnsafe());
        for (int i = 0; i < from.length(); i++) {
            out[pos++] = (byte) from.charAt(i);
        }
        if (payloadLength > 0) {
            pos = put(out, pos, FROM_END);
            System.arraycopy(frame, payloadOffset, out, pos, payloadLength);
            pos += payloadLength;
            out[pos++] = '}';
        } else {
            pos = put(out, pos, FROM_END_NO_PAYLOAD);
        }
        return pos;
    }

    /** The relayed frame as a new array. */
    public static byte[] relay(RelayType type, String from, byte[] frame, int payloadOffset, int payloadLength) {
        byte[] out = new byte[relayLength(type, from, payloadLength)];
        writeRelay(out, 0, type, from, frame, payloadOffset, payloadLength);
        return out;
    }

    /** The pieces of a relayed frame, for callers that write into their own buffers. */
    public static byte[] relayFromEnd(boolean withPayload) {
        return (withPayload ? FROM_END : FROM_END_NO_PAYLOAD).clone();
    }

    private static int put(byte[] out, int pos, byte[] src) {
        System.arraycopy(src, 0, out, pos, src.length);
        return pos + src.length;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

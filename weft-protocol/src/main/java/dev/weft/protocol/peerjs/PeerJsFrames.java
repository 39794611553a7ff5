package dev.weft.protocol.peerjs;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frames the PeerJS endpoint sends, byte for byte what PeerServer 1.0.2's {@code JSON.stringify} writes
 * (field order {@code type, src, dst, payload}; absent fields omitted). Error texts are PeerServer's
 * ({@code src/enums.ts}, {@code Errors}).
 */
public final class PeerJsFrames {
    public static final String INVALID_KEY = "Invalid key provided";
    public static final String INVALID_WS_PARAMETERS = "No id, token, or key supplied to websocket server";
    public static final String CONNECTION_LIMIT_EXCEED = "Server has reached its concurrent user limit";

    private static final byte[] OPEN = "{\"type\":\"OPEN\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_TAKEN =
            "{\"type\":\"ID-TAKEN\",\"payload\":{\"msg\":\"ID is taken\"}}".getBytes(StandardCharsets.US_ASCII);

    private PeerJsFrames() {
    }

    /** {@code {"type":"OPEN"}}: the id is registered. */
    public static byte[] open() {
        return OPEN.clone();
    }

    /** {@code {"type":"ID-TAKEN","payload":{"msg":"ID is taken"}}}. */
    public static byte[] idTaken() {
        return ID_TAKEN.clone();
    }

    /** {@code {"type":"ERROR","payload":{"msg":...}}}. */
    public static byte[] error(String msg) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + msg.length());
        raw(out, "{\"type\":\"ERROR\",\"payload\":{\"msg\":");
        str(out, msg);
        raw(out, "}}");
        return out.toByteArray();
    }

    /** A server-made message without payload, e.g. EXPIRE or LEAVE sent back to {@code dst}. */
    public static byte[] notice(PeerJsType type, String src, String dst) {
        return relay(type, src, dst, null, 0, 0);
    }

    /**
     * {@code {"type":T,"src":S,"dst":D,"payload":<the sender's payload bytes>}}; the payload is omitted when
     * {@code payloadLength} is 0, {@code dst} when null.
     */
    public static byte[] relay(PeerJsType type, String src, String dst, byte[] frame, int payloadOffset,
                               int payloadLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(48 + src.length() + payloadLength
                + (dst == null ? 0 : dst.length()));
        raw(out, "{\"type\":\"");
        raw(out, type.wire());
        raw(out, "\",\"src\":");
        str(out, src);
        if (dst != null) {
            raw(out, ",\"dst\":");
            str(out, dst);
        }
        if (payloadLength > 0) {
            raw(out, ",\"payload\":");
            out.write(frame, payloadOffset, payloadLength);
        }
        raw(out, "}");
        return out.toByteArray();
    }

    private static void raw(ByteArrayOutputStream out, String ascii) {
        byte[] b = ascii.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    private static void str(ByteArrayOutputStream out, String value) {
        out.write('"');
        byte[] b = JsonStringEncoder.getInstance().quoteAsUTF8(value);
        out.write(b, 0, b.length);
        out.write('"');
    }
}

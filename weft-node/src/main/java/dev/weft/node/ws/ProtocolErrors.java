package dev.weft.node.ws;

import dev.weft.protocol.ErrorCode;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.ServerMessages;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * The one place where a broken rule becomes what the client sees: a JSON {@code error} with a stable code, and
 * for the rules that end a connection, a WebSocket close with the matching status (docs/protocol.md lists both).
 */
public final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /** Answers a rejected message with {@code {"type":"error",...}}; the connection stays open. */
    public static void reply(Channel ch, ProtocolException e, String to) {
        send(ch, ServerMessages.error(e.code(), e.getMessage(), e.ref(), to));
    }

    public static void reply(Channel ch, ErrorCode code, String message) {
        send(ch, ServerMessages.error(code, message, null, null));
    }

    /** Sends the error, then closes with the status for {@code code}. */
    public static void closeWith(Channel ch, ErrorCode code, String message) {
        if (!ch.isActive()) {
            return;
        }
        send(ch, ServerMessages.error(code, message, null, null));
        closeOnly(ch, closeStatus(code), code.name());
    }

    /** Closes with a status and a short reason, without a JSON error first (classic endpoint, size errors). */
    public static void closeOnly(Channel ch, int status, String reason) {
        if (!ch.isActive()) {
            return;
        }
        ch.writeAndFlush(new CloseWebSocketFrame(status, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    /** The WebSocket close status a fatal error code maps to. */
    public static int closeStatus(ErrorCode code) {
        switch (code) {
            case MESSAGE_TOO_LARGE:
                return WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
            case RATE_LIMITED:
                return WebSocketCloseStatus.POLICY_VIOLATION.code();
            case HEARTBEAT_TIMEOUT:
                return dev.weft.protocol.SignalingProtocol.CLOSE_HEARTBEAT_TIMEOUT;
            case REPLACED:
                return dev.weft.protocol.SignalingProtocol.CLOSE_REPLACED;
            case REGISTER_TIMEOUT:
                return dev.weft.protocol.SignalingProtocol.CLOSE_REGISTER_TIMEOUT;
            case SERVER_FULL:
                return dev.weft.protocol.SignalingProtocol.CLOSE_SERVER_FULL;
            default:
                return WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code();
        }
    }

    private static void send(Channel ch, byte[] frame) {
        if (ch.isActive()) {
            ch.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), ch.voidPromise());
        }
    }
}

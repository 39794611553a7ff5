package dev.weft.node.peerjs;

import dev.weft.node.signal.RateLimiter;
import dev.weft.node.ws.PendingFlushes;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One socket on the PeerJS endpoint: its channel, its client once registered, its rate limiter. */
final class PeerJsSession {
    final Channel channel;
    final RateLimiter limiter;
    volatile PeerJsClient client;
    /**
     * Frames that arrived while the id's claim was in flight (cluster mode): the PeerJS client sends what it
     * queued as soon as the socket opens, before OPEN. Replayed after OPEN; event loop only.
     */
    java.util.ArrayDeque<byte[]> early;
    static final int MAX_EARLY_FRAMES = 64;

    PeerJsSession(Channel channel, RateLimiter limiter) {
        this.channel = channel;
        this.limiter = limiter;
    }

    void send(byte[] frame) {
        if (channel.isActive()) {
            channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
        }
    }

    /** Sends a frame relayed from another socket: flushed when the sender's read burst ends. */
    void relay(byte[] frame) {
        PendingFlushes.current().write(channel, new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }

    /** Sends {@code frame}, then closes the socket (PeerServer's {@code socket.send(...); socket.close()}). */
    void sendAndClose(byte[] frame) {
        send(frame);
        close();
    }

    void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

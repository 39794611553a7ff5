package dev.weft.node.signal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One socket on {@code /ws}: its channel, its registration once registered, and its rate limiter. */
public final class NativeSession {
    final Channel channel;
    final RateLimiter limiter;
    volatile Registration registration;
    /** True once the client said goodbye (close frame or leave): its id is released at once, not held. */
    volatile boolean cleanClose;

    NativeSession(Channel channel, RateLimiter limiter) {
        this.channel = channel;
        this.limiter = limiter;
    }

    String id() {
        Registration r = registration;
        return r == null ? null : r.id;
    }

    void send(byte[] frame) {
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    void send(ByteBuf frame) {
        channel.writeAndFlush(new TextWebSocketFrame(frame), channel.voidPromise());
    }
}

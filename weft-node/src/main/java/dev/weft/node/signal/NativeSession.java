package dev.weft.node.signal;

import dev.weft.node.feature.SignalingSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One socket on {@code /ws}: its channel, its registration once registered, and its rate limiter. */
public final class NativeSession implements SignalingSession {
    final Channel channel;
    final RateLimiter limiter;
    volatile Registration registration;
    /** True once the client said goodbye (close frame or leave): its id is released at once, not held. */
    volatile boolean cleanClose;
    /** True while a cluster-wide claim for this socket's register is in flight. */
    volatile boolean registering;

    NativeSession(Channel channel, RateLimiter limiter) {
        this.channel = channel;
        this.limiter = limiter;
    }

    String id() {
        Registration r = registration;
        return r == null ? null : r.id;
    }

    @Override
    public String peerId() {
        return id();
    }

    @Override
    public void sendText(byte[] utf8Json) {
        send(utf8Json);
    }

    @Override
    public void onClose(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    @Override
    public java.net.SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    void send(byte[] frame) {
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    void send(ByteBuf frame) {
        channel.writeAndFlush(new TextWebSocketFrame(frame), channel.voidPromise());
    }
}

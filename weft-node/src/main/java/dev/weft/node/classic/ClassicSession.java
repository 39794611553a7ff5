package dev.weft.node.classic;

import dev.weft.node.ws.PendingFlushes;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/** One socket on {@code /classic}: its login name and its call partner (the seed's {@code otherName}). */
final class ClassicSession {
    final Channel channel;
    volatile String name;
    volatile String otherName;
    /** Proves this socket's claim on its name in cluster mode (the classic protocol has no tokens). */
    final String token = dev.weft.protocol.Ids.newToken();

    ClassicSession(Channel channel) {
        this.channel = channel;
    }

    void send(byte[] frame) {
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    /** Sends a frame relayed from another socket: flushed when the sender's read burst ends. */
    void relay(byte[] frame) {
        PendingFlushes.current().write(channel, new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)));
    }
}

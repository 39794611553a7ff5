package dev.weft.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * One generator client socket: registers, then hands relayed messages (with their send time) to the workload.
 * All methods run on the channel's event loop except {@link #registeredFuture}.
 */
final class Conn extends SimpleChannelInboundHandler<WebSocketFrame> {
    /** What a workload does with a client's traffic. */
    interface Listener {
        /** A relayed message arrived at {@code c}, sent at {@code sentNanos} ({@link System#nanoTime}). */
        void message(Conn c, long sentNanos);

        /** Anything else after registration (errors, peer-left...). */
        default void other(Conn c, String frame) {
        }
    }

    final String id;
    final Protocol protocol;
    final CompletableFuture<Conn> registeredFuture = new CompletableFuture<>();
    final Listener listener;
    Channel channel;
    Conn partner;
    /** Workload state: credits left (relay) or messages queued. */
    int credits;
    boolean dirty;
    Batch batch;
    Payload payload;

    Conn(String id, Protocol protocol, Listener listener) {
        this.id = id;
        this.protocol = protocol;
        this.listener = listener;
    }

    /** The conns of one event loop whose writes are flushed together after a read burst. */
    static final class Batch {
        private Conn[] dirty = new Conn[64];
        private int n;
        /** Latency workload: what this loop's clients measured. */
        LatencyCommand.Log log;
        /** Latency workload: how late the pacer sent each message (actual − intended send time). */
        LatencyCommand.Log sendLag;

        void add(Conn c) {
            if (!c.dirty) {
                c.dirty = true;
                if (n == dirty.length) {
                    dirty = java.util.Arrays.copyOf(dirty, n * 2);
                }
                dirty[n++] = c;
            }
        }

        void flush() {
            for (int i = 0; i < n; i++) {
                dirty[i].dirty = false;
                dirty[i].channel.flush();
                dirty[i] = null;
            }
            n = 0;
        }
    }

    /** Writes one relay message (not flushed: the batch flushes). */
    void write(long sentNanos) {
        ByteBuf buf = channel.alloc().buffer(payload.template.length);
        payload.writeTo(buf, sentNanos);
        channel.write(new TextWebSocketFrame(buf), channel.voidPromise());
        batch.add(this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            byte[] reg = protocol.register(id);
            if (reg != null) {
                ctx.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(reg)), ctx.voidPromise());
            }
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            registeredFuture.completeExceptionally(new IllegalStateException(id + ": handshake timeout"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!(frame instanceof TextWebSocketFrame)) {
            return;
        }
        ByteBuf content = frame.content();
        if (!registeredFuture.isDone()) {
            String text = content.toString(StandardCharsets.UTF_8);
            if (protocol.isRegistered(text)) {
                registeredFuture.complete(this);
            } else if (!text.startsWith("{\"type\":\"hello\"")) {
                registeredFuture.completeExceptionally(new IllegalStateException(id + ": " + text));
            }
            return;
        }
        long t = Payload.readTime(content);
        if (t >= 0) {
            listener.message(this, t);
        } else {
            listener.other(this, content.toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (batch != null) {
            batch.flush();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        registeredFuture.completeExceptionally(new IllegalStateException(id + ": closed before registering"));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        registeredFuture.completeExceptionally(cause);
        ctx.close();
    }
}

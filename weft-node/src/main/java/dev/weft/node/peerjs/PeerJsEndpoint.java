package dev.weft.node.peerjs;

import dev.weft.node.NodeConfig;
import dev.weft.node.signal.RateLimiter;
import dev.weft.node.ws.FrameBytes;
import dev.weft.node.ws.PendingFlushes;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.protocol.peerjs.PeerJsFrames;
import dev.weft.protocol.peerjs.PeerJsReader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PeerServer's WebSocket at {@code /peerjs?key=K&id=ID&token=T} (the PeerJS client's default {@code path: '/'}).
 * The node's size limit and per-connection rate limit apply; liveness follows PeerServer (HEARTBEAT within
 * the alive timeout), so the node's own heartbeat timeout does not evict these sockets.
 */
final class PeerJsEndpoint implements WebSocketEndpoint {
    static final String PATH = "/peerjs";
    private static final Logger log = LoggerFactory.getLogger(PeerJsEndpoint.class);

    private final PeerJsHub hub;
    private final NodeConfig config;
    private final PeerJsReader reader = new PeerJsReader();

    PeerJsEndpoint(PeerJsHub hub, NodeConfig config) {
        this.hub = hub;
        this.config = config;
        hub.onFrame = this::read;
    }

    /** Parses one frame of a registered socket and hands it to the hub; bad input gets ERROR. */
    private void read(PeerJsSession session, byte[] bytes) {
        read(session, bytes, bytes.length);
    }

    /** {@code bytes[0, length)}; the hub copies what it keeps, so the array may be the loop's scratch. */
    private void read(PeerJsSession session, byte[] bytes, int length) {
        try {
            hub.message(session, reader.read(bytes, 0, length), bytes);
        } catch (PeerJsReader.Invalid e) {
            session.send(PeerJsFrames.error(e.getMessage()));
        }
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public ChannelHandler newHandler(Channel channel) {
        return new Handler(new PeerJsSession(channel, new RateLimiter(config.messagesPerSecond(), System.nanoTime())));
    }

    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final PeerJsSession session;

        Handler(PeerJsSession session) {
            this.session = session;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                // PeerServer parses data.toString() of text and binary messages alike.
                if (!session.limiter.tryAcquire(System.nanoTime())) {
                    if (session.limiter.abusive()) {
                        log.warn("closing PeerJS socket {}: far over the rate limit", ctx.channel().remoteAddress());
                        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.POLICY_VIOLATION.code(),
                                "RATE_LIMITED")).addListener(ChannelFutureListener.CLOSE);
                    }
                    return;
                }
                PendingFlushes.current().begin();
                ByteBuf content = frame.content();
                if (session.client != null) {
                    read(session, FrameBytes.copy(content), content.readableBytes());
                } else if (session.early != null && session.early.size() < PeerJsSession.MAX_EARLY_FRAMES) {
                    session.early.add(ByteBufUtil.getBytes(content)); // kept until OPEN: its own array
                }
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
            } else if (frame instanceof PingWebSocketFrame) {
                return;
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            PendingFlushes.current().end();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Map<String, List<String>> q = new QueryStringDecoder(
                        ((WebSocketServerProtocolHandler.HandshakeComplete) evt).requestUri()).parameters();
                hub.connect(session, first(q, "key"), first(q, "id"), first(q, "token"));
            } else if (evt instanceof IdleStateEvent) {
                if (((IdleStateEvent) evt).state() == IdleState.ALL_IDLE) {
                    ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
                }
                // READER_IDLE: PeerServer's alive timeout decides (PeerJsHub), not the node's heartbeat timeout.
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            hub.closed(session);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("PeerJS socket error on {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}

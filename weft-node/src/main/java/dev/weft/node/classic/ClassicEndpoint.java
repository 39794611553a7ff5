package dev.weft.node.classic;

import dev.weft.node.NodeConfig;
import dev.weft.node.signal.RateLimiter;
import dev.weft.node.ws.FrameBytes;
import dev.weft.node.ws.PendingFlushes;
import dev.weft.node.ws.ProtocolErrors;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.protocol.SignalingProtocol;
import dev.weft.protocol.classic.ClassicMessages;
import dev.weft.protocol.classic.ClassicReader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Seed 003's protocol at {@code /classic}. */
public final class ClassicEndpoint implements WebSocketEndpoint {
    private static final Logger log = LoggerFactory.getLogger(ClassicEndpoint.class);

    private final ClassicHub hub;
    private final NodeConfig config;
    private final ClassicReader reader = new ClassicReader();

    public ClassicEndpoint(ClassicHub hub, NodeConfig config) {
        this.hub = hub;
        this.config = config;
    }

    @Override
    public String path() {
        return SignalingProtocol.CLASSIC_PATH;
    }

    @Override
    public ChannelHandler newHandler(Channel channel) {
        return new Handler(new ClassicSession(channel), new RateLimiter(config.messagesPerSecond(), System.nanoTime()));
    }

    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final ClassicSession session;
        private final RateLimiter limiter;

        Handler(ClassicSession session, RateLimiter limiter) {
            this.session = session;
            this.limiter = limiter;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
                // The seed's ws server JSON.parses whatever arrives, text or binary.
                if (!limiter.tryAcquire(System.nanoTime())) {
                    if (limiter.abusive()) {
                        log.warn("closing classic socket {}: far over the rate limit", ctx.channel().remoteAddress());
                        ProtocolErrors.closeOnly(ctx.channel(), WebSocketCloseStatus.POLICY_VIOLATION.code(),
                                "RATE_LIMITED");
                    } else if (limiter.firstDropInWindow()) {
                        session.send(ClassicMessages.error("Rate limit exceeded: at most "
                                + config.messagesPerSecond() + " messages per second"));
                    }
                    return;
                }
                PendingFlushes.current().begin();
                // The loop's scratch array: the hub builds its outgoing frames before returning.
                ByteBuf content = frame.content();
                byte[] bytes = FrameBytes.copy(content);
                hub.onMessage(session, reader.read(bytes, 0, content.readableBytes()), bytes);
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
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
                log.debug("classic socket open from {}", ctx.channel().remoteAddress());
                hub.onOpen(session);
            } else if (evt instanceof IdleStateEvent) {
                if (((IdleStateEvent) evt).state() == IdleState.READER_IDLE) {
                    ProtocolErrors.closeOnly(ctx.channel(), SignalingProtocol.CLOSE_HEARTBEAT_TIMEOUT,
                            "HEARTBEAT_TIMEOUT");
                } else if (((IdleStateEvent) evt).state() == IdleState.ALL_IDLE) {
                    ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
                }
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            hub.onClose(session);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("classic socket error on {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}

package dev.weft.node.signal;

import dev.weft.node.NodeConfig;
import dev.weft.node.feature.SignalingExtension;
import dev.weft.node.ws.FrameBytes;
import dev.weft.node.ws.PendingFlushes;
import dev.weft.node.ws.ProtocolErrors;
import dev.weft.protocol.ClientMessage;
import dev.weft.protocol.ClientMessageReader;
import dev.weft.protocol.EnvelopeScanner;
import dev.weft.protocol.ErrorCode;
import dev.weft.protocol.ProtocolException;
import dev.weft.protocol.RelayEnvelope;
import dev.weft.protocol.ServerMessages;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One native signaling socket: reads frames, applies the rate limit, and hands messages to the hub. */
final class SignalingHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    private static final Logger log = LoggerFactory.getLogger(SignalingHandler.class);

    /** One relay scanner per event-loop thread: it is reused for every frame and not thread-safe. */
    private static final FastThreadLocal<EnvelopeScanner> SCANNER = new FastThreadLocal<>() {
        @Override
        protected EnvelopeScanner initialValue() {
            return new EnvelopeScanner();
        }
    };

    private final SignalingHub hub;
    private final ClientMessageReader reader;
    private final NodeConfig config;
    private final NativeSession session;
    private final Map<String, SignalingExtension> extensions;
    private ScheduledFuture<?> registerTimer;

    SignalingHandler(SignalingHub hub, ClientMessageReader reader, NodeConfig config, Channel channel,
                     Map<String, SignalingExtension> extensions) {
        this.hub = hub;
        this.extensions = extensions;
        this.reader = reader;
        this.config = config;
        this.session = new NativeSession(channel, new RateLimiter(config.messagesPerSecond(), System.nanoTime()));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame) {
            if (admit(ctx)) {
                PendingFlushes.current().begin();
                onText(ctx, frame.content());
            }
        } else if (frame instanceof CloseWebSocketFrame) {
            session.cleanClose = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
        } else if (frame instanceof BinaryWebSocketFrame) {
            if (admit(ctx)) {
                ProtocolErrors.reply(ctx.channel(), ErrorCode.UNSUPPORTED_FRAME,
                        "the signaling socket takes JSON text frames only");
            }
        } else if (frame instanceof PingWebSocketFrame) {
            // Netty answers pings; nothing to do.
            return;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        PendingFlushes.current().end();
        ctx.fireChannelReadComplete();
    }

    private boolean admit(ChannelHandlerContext ctx) {
        RateLimiter limiter = session.limiter;
        if (limiter.tryAcquire(System.nanoTime())) {
            return true;
        }
        if (limiter.abusive()) {
            log.warn("closing {} ({}): sends far over the rate limit", ctx.channel().remoteAddress(), session.id());
            ProtocolErrors.closeWith(ctx.channel(), ErrorCode.RATE_LIMITED, "message rate limit exceeded; closing");
        } else if (limiter.firstDropInWindow()) {
            log.warn("rate limiting {} ({})", ctx.channel().remoteAddress(), session.id());
            ProtocolErrors.reply(ctx.channel(), ErrorCode.RATE_LIMITED,
                    "more than " + config.messagesPerSecond() + " messages per second; messages are being dropped");
        }
        return false;
    }

    private void onText(ChannelHandlerContext ctx, ByteBuf content) {
        byte[] bytes;
        int offset;
        int length = content.readableBytes();
        if (content.hasArray()) {
            bytes = content.array();
            offset = content.arrayOffset() + content.readerIndex();
        } else {
            bytes = FrameBytes.copy(content);
            offset = 0;
        }
        RelayEnvelope relay = SCANNER.get().scanRelay(bytes, offset, length);
        ClientMessage message = null;
        if (relay == null) {
            try {
                message = reader.read(bytes, offset, length);
            } catch (ProtocolException e) {
                ProtocolErrors.reply(ctx.channel(), e, null);
                return;
            }
            if (message instanceof ClientMessage.Relay) {
                relay = new RelayEnvelope().set((ClientMessage.Relay) message, bytes);
            }
        }
        try {
            if (relay != null) {
                relay(relay);
            } else if (message instanceof ClientMessage.Extension) {
                extensions.get(((ClientMessage.Extension) message).type())
                        .handle(session, bytes, offset, length, message.ref());
            } else {
                handle(ctx, message);
            }
        } catch (ProtocolException e) {
            ProtocolErrors.reply(ctx.channel(), e, relay != null ? relay.to() : null);
        } catch (RuntimeException e) {
            log.error("failed to handle a message from {} ({})", ctx.channel().remoteAddress(), session.id(), e);
            ProtocolErrors.reply(ctx.channel(), new ProtocolException(ErrorCode.INTERNAL_ERROR,
                    "the node failed to handle this message; nothing was forwarded",
                    relay != null ? relay.ref() : message.ref()), null);
        }
    }

    private void relay(RelayEnvelope relay) throws ProtocolException {
        if (session.registration == null) {
            throw new ProtocolException(ErrorCode.NOT_REGISTERED, "register before relaying signals", relay.ref());
        }
        hub.relay(session, relay);
    }

    private void handle(ChannelHandlerContext ctx, ClientMessage message) throws ProtocolException {
        if (message instanceof ClientMessage.Register) {
            hub.register(session, (ClientMessage.Register) message);
            if (registerTimer != null) {
                registerTimer.cancel(false);
            }
        } else if (message instanceof ClientMessage.Ping) {
            session.send(ServerMessages.pong(message.ref()));
        } else if (message instanceof ClientMessage.Leave) {
            session.cleanClose = true;
            ProtocolErrors.closeOnly(ctx.channel(), 1000, "leave");
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            log.debug("native socket open from {}", ctx.channel().remoteAddress());
            registerTimer = ctx.executor().schedule(() -> {
                if (session.registration == null) {
                    ProtocolErrors.closeWith(ctx.channel(), ErrorCode.REGISTER_TIMEOUT,
                            "no register message within " + config.registerTimeout().toMillis() + " ms");
                }
            }, config.registerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } else if (evt instanceof IdleStateEvent) {
            IdleState state = ((IdleStateEvent) evt).state();
            if (state == IdleState.READER_IDLE) {
                log.debug("evicting silent socket {} ({})", ctx.channel().remoteAddress(), session.id());
                ProtocolErrors.closeWith(ctx.channel(), ErrorCode.HEARTBEAT_TIMEOUT,
                        "nothing received for " + config.heartbeatTimeout().toMillis() + " ms");
            } else if (state == IdleState.ALL_IDLE) {
                ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
            }
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (registerTimer != null) {
            registerTimer.cancel(false);
        }
        log.debug("native socket closed {} ({}, clean={})", ctx.channel().remoteAddress(), session.id(),
                session.cleanClose);
        hub.closed(session, ctx.executor());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("native socket error on {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

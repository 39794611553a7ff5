package dev.weft.node.ws;

import dev.weft.node.NodeConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * Turns an HTTP connection into a WebSocket for one endpoint: Netty's handshake and frame codec (frames over
 * the size limit close the socket with 1009), {@link Utf8FrameCheck} (text that is not UTF-8 closes it with
 * 1007), an aggregator for fragmented messages,
 * the heartbeat timer, then the endpoint's handler.
 */
public final class WebSocketUpgrader {
    private final NodeConfig config;

    public WebSocketUpgrader(NodeConfig config) {
        this.config = config;
    }

    /** Installs the WebSocket handlers after {@code ctx} and hands them the upgrade request. */
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, WebSocketEndpoint endpoint) {
        WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(endpoint.path())
                .checkStartsWith(true)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(10_000)
                .forceCloseTimeoutMillis(2_000)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(config.maxMessageBytes())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .withUTF8Validator(false) // Utf8FrameCheck below replaces Netty's per-byte validator
                        .build())
                .build();
        ChannelPipeline p = ctx.pipeline();
        long interval = config.heartbeatInterval().toMillis();
        long timeout = config.heartbeatTimeout().toMillis();
        p.addFirst("idle", new IdleStateHandler(timeout, 0, interval, TimeUnit.MILLISECONDS));
        String name = ctx.name();
        p.addAfter(name, "ws-protocol", new WebSocketServerProtocolHandler(wsConfig));
        p.addAfter("ws-protocol", "ws-utf8", new Utf8FrameCheck());
        p.addAfter("ws-utf8", "ws-aggregator", new MessageSizeGuard(config.maxMessageBytes()));
        p.addAfter("ws-aggregator", "ws-endpoint", endpoint.newHandler(ctx.channel()));
        ctx.fireChannelRead(req.retain());
        p.remove(ctx.handler());
    }

    /** Joins fragmented messages up to the size limit; a larger message closes the socket with 1009. */
    static final class MessageSizeGuard extends WebSocketFrameAggregator {
        MessageSizeGuard(int maxContentLength) {
            super(maxContentLength);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.websocketx.WebSocketFrame oversized) {
            ProtocolErrors.closeWith(ctx.channel(), dev.weft.protocol.ErrorCode.MESSAGE_TOO_LARGE,
                    "a message may be at most " + maxContentLength() + " bytes");
        }
    }
}

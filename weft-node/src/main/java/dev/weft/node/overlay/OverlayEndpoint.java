package dev.weft.node.overlay;

import dev.weft.node.ws.ProtocolErrors;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.overlay.Link;
import dev.weft.protocol.SignalingProtocol;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;

/**
 * {@code /overlay}: browsers, Java clients and other nodes link to this node here. Each socket is one overlay
 * {@link Link}; frames go to the overlay on its thread (size, UTF-8 and heartbeats are the WebSocket layer's).
 */
final class OverlayEndpoint implements WebSocketEndpoint {
    static final String PATH = "/overlay";
    private final OverlayFeature feature;

    OverlayEndpoint(OverlayFeature feature) {
        this.feature = feature;
    }

    @Override
    public String path() {
        return PATH;
    }

    @Override
    public ChannelHandler newHandler(Channel channel) {
        return new Handler(new ChannelLink(channel));
    }

    /** A socket as an overlay link. */
    static final class ChannelLink implements Link {
        private final Channel channel;

        ChannelLink(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void send(String text) {
            if (channel.isActive()) {
                channel.writeAndFlush(new TextWebSocketFrame(text), channel.voidPromise());
            }
        }

        @Override
        public void close() {
            if (channel.isActive()) {
                channel.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public boolean outbound() {
            return false;
        }

        @Override
        public String remoteAddress() {
            return channel.remoteAddress() instanceof java.net.InetSocketAddress a && a.getAddress() != null
                    ? a.getAddress().getHostAddress() : null;
        }

        @Override
        public String describe() {
            return "from " + channel.remoteAddress();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final ChannelLink link;

        Handler(ChannelLink link) {
            this.link = link;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text) {
                String s = text.text();
                feature.onOverlayThread(o -> o.received(link, s));
            } else if (frame instanceof CloseWebSocketFrame) {
                ctx.writeAndFlush(new CloseWebSocketFrame(1000, "bye")).addListener(ChannelFutureListener.CLOSE);
            } else if (!(frame instanceof PingWebSocketFrame)) {
                link.send("{\"type\":\"error\",\"body\":{\"code\":\"UNSUPPORTED_FRAME\",\"message\":\"overlay messages are JSON text frames\"}}");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                int port = ((InetSocketAddress) ctx.channel().localAddress()).getPort();
                feature.ensureStarted(port);
                feature.onOverlayThread(o -> o.linkOpened(link));
            } else if (evt instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.READER_IDLE) {
                    ProtocolErrors.closeOnly(ctx.channel(), SignalingProtocol.CLOSE_HEARTBEAT_TIMEOUT, "HEARTBEAT_TIMEOUT");
                } else if (idle.state() == IdleState.ALL_IDLE) {
                    ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
                }
            } else {
                super.userEventTriggered(ctx, evt);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            feature.onOverlayThread(o -> o.linkClosed(link));
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

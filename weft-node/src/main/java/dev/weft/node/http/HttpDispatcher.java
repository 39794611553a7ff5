package dev.weft.node.http;

import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.node.ws.WebSocketUpgrader;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes one HTTP request: WebSocket upgrades to their endpoint, API paths to their handler, everything else
 * to the static files. One instance per connection (it is removed once the connection becomes a WebSocket).
 */
public final class HttpDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger log = LoggerFactory.getLogger(HttpDispatcher.class);

    private final Map<String, WebSocketEndpoint> sockets;
    private final Routes api;
    private final StaticFiles files;
    private final WebSocketUpgrader upgrader;
    private final ConnectionLimiter limiter;

    public HttpDispatcher(Map<String, WebSocketEndpoint> sockets, Routes api, StaticFiles files,
                          WebSocketUpgrader upgrader, ConnectionLimiter limiter) {
        this.sockets = sockets;
        this.api = api;
        this.files = files;
        this.upgrader = upgrader;
        this.limiter = limiter;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            boolean tooLong = result.cause() instanceof TooLongFrameException;
            HttpResponses.error(ctx, null, tooLong ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : HttpResponseStatus.BAD_REQUEST, "BAD_REQUEST", "the HTTP request could not be parsed");
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);

        WebSocketEndpoint socket = sockets.get(path);
        if (socket != null && isUpgrade(req)) {
            if (!limiter.tryAcquire(ctx.channel())) {
                log.warn("refusing WebSocket from {}: connection limit reached", ctx.channel().remoteAddress());
                HttpResponses.error(ctx, req, HttpResponseStatus.SERVICE_UNAVAILABLE, "SERVER_FULL",
                        "the node is at its connection limit; try another node or later");
                return;
            }
            upgrader.upgrade(ctx, req, socket);
            return;
        }
        HttpEndpoint endpoint = api.find(path);
        if (endpoint != null) {
            endpoint.handle(ctx, req);
            return;
        }
        if (socket != null) {
            HttpResponses.error(ctx, req, HttpResponseStatus.BAD_REQUEST, "WEBSOCKET_REQUIRED",
                    path + " is a WebSocket endpoint: connect with a WebSocket client");
            return;
        }
        serveFile(ctx, req, path);
    }

    private void serveFile(ChannelHandlerContext ctx, FullHttpRequest req, String path) {
        if (!HttpMethod.GET.equals(req.method()) && !HttpMethod.HEAD.equals(req.method())) {
            HttpResponses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                    "only GET and HEAD are served here");
            return;
        }
        if (files.isFolder(path)) {
            HttpResponses.redirect(ctx, req, path + "/");
            return;
        }
        Optional<StaticFiles.Resource> file = files.find(path);
        if (file.isEmpty()) {
            HttpResponses.error(ctx, req, HttpResponseStatus.NOT_FOUND, "NOT_FOUND", "no such page: " + path);
            return;
        }
        StaticFiles.Resource r = file.get();
        if (r.etag().equals(req.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            HttpResponses.notModified(ctx, req, r.etag());
            return;
        }
        HttpResponses.send(ctx, req, HttpResponseStatus.OK, r.body(), r.contentType(), r.etag());
    }

    private static boolean isUpgrade(FullHttpRequest req) {
        return HttpMethod.GET.equals(req.method())
                && req.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && req.headers().contains(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}

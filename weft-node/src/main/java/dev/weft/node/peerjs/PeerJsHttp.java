package dev.weft.node.peerjs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * PeerServer's HTTP API for the configured key ({@code src/api/v1/public/index.ts}): {@code GET /{key}/id}
 * answers a fresh UUID as text, {@code GET /{key}/peers} the connected ids as JSON when discovery is on and
 * 401 otherwise. CORS as PeerServer's default ({@code origin: true}: the request's origin is allowed).
 */
final class PeerJsHttp {
    private PeerJsHttp() {
    }

    static Map<String, HttpEndpoint> routes(PeerJsSettings settings, PeerJsHub hub, ObjectMapper json) {
        String base = "/" + settings.key();
        return Map.of(
                base + "/id", (ctx, req) -> {
                    if (allowed(ctx, req)) {
                        String id = UUID.randomUUID().toString();
                        send(ctx, req, HttpResponseStatus.OK, id, "text/html; charset=utf-8");
                    }
                },
                base + "/peers", (ctx, req) -> {
                    if (!allowed(ctx, req)) {
                        return;
                    }
                    if (!settings.allowDiscovery()) {
                        send(ctx, req, HttpResponseStatus.UNAUTHORIZED, "Unauthorized", "text/plain; charset=utf-8");
                        return;
                    }
                    try {
                        send(ctx, req, HttpResponseStatus.OK, json.writeValueAsString(hub.ids()),
                                "application/json; charset=utf-8");
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    private static boolean allowed(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (HttpMethod.OPTIONS.equals(req.method())) {
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
            cors(req, res);
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET,HEAD");
            res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            write(ctx, req, res);
            return false;
        }
        if (HttpMethod.GET.equals(req.method()) || HttpMethod.HEAD.equals(req.method())) {
            return true;
        }
        HttpResponses.error(ctx, req, HttpResponseStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                req.method() + " is not allowed here; use GET");
        return false;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String body,
                             String type) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = HttpMethod.HEAD.equals(req.method());
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        cors(req, res);
        write(ctx, req, res);
    }

    private static void cors(FullHttpRequest req, FullHttpResponse res) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin != null) {
            res.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            res.headers().set(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        if (HttpUtil.isKeepAlive(req)) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

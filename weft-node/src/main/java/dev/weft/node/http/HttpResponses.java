package dev.weft.node.http;

import io.netty.buffer.ByteBuf;
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

/** Writing HTTP responses: JSON bodies, errors as {@code {"error":CODE,"message":...}}, keep-alive handling. */
public final class HttpResponses {
    private HttpResponses() {
    }

    public static void json(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, byte[] body) {
        send(ctx, req, status, body, "application/json; charset=utf-8", null);
    }

    /** An HTTP error with a stable code: {@code {"error":"NOT_FOUND","message":"..."}}. */
    public static void error(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status,
                             String code, String message) {
        String body = "{\"error\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"}";
        json(ctx, req, status, body.getBytes(StandardCharsets.UTF_8));
    }

    public static void send(ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, byte[] body,
                            String contentType, String etag) {
        boolean head = req != null && HttpMethod.HEAD.equals(req.method());
        ByteBuf content = head || body == null ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, body == null ? 0 : body.length);
        if (contentType != null) {
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        if (etag != null) {
            res.headers().set(HttpHeaderNames.ETAG, etag);
        }
        res.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        res.headers().set("X-Content-Type-Options", "nosniff");
        write(ctx, req, res);
    }

    public static void redirect(ChannelHandlerContext ctx, FullHttpRequest req, String location) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.MOVED_PERMANENTLY);
        res.headers().set(HttpHeaderNames.LOCATION, location);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        write(ctx, req, res);
    }

    public static void notModified(ChannelHandlerContext ctx, FullHttpRequest req, String etag) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_MODIFIED);
        res.headers().set(HttpHeaderNames.ETAG, etag);
        res.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        write(ctx, req, res);
    }

    private static void write(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
        boolean keepAlive = req != null && HttpUtil.isKeepAlive(req) && res.status().code() < 500;
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res, ctx.voidPromise());
        } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }
}

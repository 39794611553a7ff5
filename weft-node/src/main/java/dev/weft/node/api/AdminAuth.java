package dev.weft.node.api;

import dev.weft.node.http.HttpResponses;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Bearer-token check for admin endpoints. With no token configured every request is refused (401). */
public final class AdminAuth {
    private final byte[] token;

    /** @param token the configured admin token, or null to refuse everyone */
    public AdminAuth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** True if the request carries the token; otherwise answers 401 {@code UNAUTHORIZED} and returns false. */
    public boolean check(ChannelHandlerContext ctx, FullHttpRequest req) {
        String header = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        byte[] given = header.startsWith("Bearer ")
                ? header.substring(7).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (token != null && MessageDigest.isEqual(token, given)) {
            return true;
        }
        HttpResponses.error(ctx, req, HttpResponseStatus.UNAUTHORIZED, "UNAUTHORIZED", token == null
                ? "the admin API is off: start the node with --admin-token"
                : "send the admin token as 'Authorization: Bearer <token>'");
        return false;
    }
}

package dev.weft.node.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/** An HTTP API path. Called on the connection's event loop; must not block. */
@FunctionalInterface
public interface HttpEndpoint {
    void handle(ChannelHandlerContext ctx, FullHttpRequest req);
}

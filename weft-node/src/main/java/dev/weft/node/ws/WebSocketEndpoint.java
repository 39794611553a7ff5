package dev.weft.node.ws;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/** A WebSocket protocol served on one path: gives the handler for each new socket after the handshake. */
public interface WebSocketEndpoint {
    /** Path without query, e.g. {@code /ws}. */
    String path();

    /** A fresh handler for one connection; it receives {@code WebSocketFrame}s and idle events. */
    ChannelHandler newHandler(Channel channel);
}

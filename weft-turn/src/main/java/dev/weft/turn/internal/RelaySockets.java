package dev.weft.turn.internal;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/**
 * Opens the UDP socket of an allocation's relayed transport address. Passed in from outside so that tests can
 * hand out {@code EmbeddedChannel}s and drive peers byte by byte.
 */
public interface RelaySockets {
    /**
     * Binds a datagram channel to {@code local} on {@code loop} (the allocation's event loop) with {@code handler}.
     * The future fails if the port is taken.
     */
    ChannelFuture open(EventLoop loop, InetSocketAddress local, ChannelHandler handler);

    /**
     * Opens a UDP socket on the listening address {@code local} (SO_REUSEPORT) connected to one client, on
     * {@code loop}, or returns null where that is not supported. The kernel then hands that client's datagrams to
     * this socket and sends on it use the socket's cached route (no route lookup per datagram), as coturn does.
     */
    default ChannelFuture connectClient(EventLoop loop, InetSocketAddress local, InetSocketAddress client,
                                        ChannelHandler handler) {
        return null;
    }
}

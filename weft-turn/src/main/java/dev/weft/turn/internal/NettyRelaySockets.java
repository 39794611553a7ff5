package dev.weft.turn.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** Relay sockets as real datagram channels (epoll or NIO) on the allocation's event loop. */
public final class NettyRelaySockets implements RelaySockets {
    /** Socket buffer size per relay socket: a limit, not memory taken up front. */
    static final int RELAY_SOCKET_BUFFER = 1 << 20;

    private final Transports transports;

    public NettyRelaySockets(Transports transports) {
        this.transports = transports;
    }

    @Override
    public ChannelFuture open(EventLoop loop, InetSocketAddress local, ChannelHandler handler) {
        return transports.datagramOptions(new Bootstrap())
                .group(loop)
                .channelFactory(transports.datagramFactory(local.getAddress()))
                // Room for bursts while the event loop is busy elsewhere (the kernel caps it at rmem_max/wmem_max).
                .option(ChannelOption.SO_RCVBUF, RELAY_SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, RELAY_SOCKET_BUFFER)
                .handler(handler)
                .bind(local);
    }
}

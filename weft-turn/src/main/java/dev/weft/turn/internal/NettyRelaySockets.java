package dev.weft.turn.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetSocketAddress;

/** Relay sockets as real datagram channels (epoll or NIO) on the allocation's event loop. */
public final class NettyRelaySockets implements RelaySockets {
    /** Socket buffer size per relay socket: a limit, not memory taken up front. */
    static final int RELAY_SOCKET_BUFFER = 1 << 20;
    /** Socket buffer size of a client's connected socket: the listening sockets' size, since it takes over from them. */
    static final int CLIENT_SOCKET_BUFFER = 4 << 20;

    private final Transports transports;

    private final boolean connectedClients;

    /**
     * @param connectedClients open a connected socket per UDP client (needs epoll's SO_REUSEPORT; see
     *                         {@link Transports#connectedUdpByDefault()})
     */
    public NettyRelaySockets(Transports transports, boolean connectedClients) {
        this.transports = transports;
        this.connectedClients = connectedClients && transports.isEpoll();
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

    @Override
    public ChannelFuture connectClient(EventLoop loop, InetSocketAddress local, InetSocketAddress client,
                                       ChannelHandler handler) {
        if (!connectedClients) {
            return null;
        }
        return transports.datagramOptions(new Bootstrap())
                .group(loop)
                .channelFactory(transports.datagramFactory(local.getAddress()))
                .option(EpollChannelOption.SO_REUSEPORT, true)
                .option(ChannelOption.SO_RCVBUF, CLIENT_SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, CLIENT_SOCKET_BUFFER)
                .handler(handler)
                .connect(client, local);
    }
}

package dev.weft.turn.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Linux epoll when it is available and wanted, Java NIO otherwise; and the datagram options for each. */
public final class Transports {
    /**
     * Largest datagram read, from clients and from peers. With epoll, reads take up to
     * {@link #DATAGRAMS_PER_READ} datagrams per recvmmsg call into slots of this size; a bigger datagram is
     * truncated (and ChannelData that no longer fits its length field is dropped as malformed). WebRTC keeps
     * packets under 1200 bytes, and Ethernet paths under 1500.
     */
    public static final int MAX_DATAGRAM = 4096;
    public static final int DATAGRAMS_PER_READ = 16;
    /**
     * The pooled allocator: its slices and buffers are recycled and expose memory addresses, so the relay path
     * allocates no per-packet ByteBuffer views (Netty 4.2's default adaptive allocator does, measured with JFR).
     */
    public static final ByteBufAllocator ALLOCATOR = PooledByteBufAllocator.DEFAULT;

    private final boolean epoll;

    public Transports(boolean preferNative) {
        this.epoll = preferNative && Epoll.isAvailable();
    }

    public boolean isEpoll() {
        return epoll;
    }

    public IoHandlerFactory ioHandlerFactory() {
        return epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /**
     * Datagram channels of the bind address's family: an IPv4 socket for an IPv4 address, so that sends need no
     * IPv4-mapped IPv6 conversion (which allocates per packet).
     */
    public ChannelFactory<DatagramChannel> datagramFactory(InetAddress bindAddress) {
        SocketProtocolFamily family = bindAddress instanceof Inet4Address ? SocketProtocolFamily.INET
                : SocketProtocolFamily.INET6;
        return epoll ? () -> new EpollDatagramChannel(family) : () -> new NioDatagramChannel(family);
    }

    /** Sets the receive-buffer options of a datagram bootstrap: recvmmsg batches with epoll, one datagram with NIO. */
    public Bootstrap datagramOptions(Bootstrap b) {
        b.option(ChannelOption.ALLOCATOR, ALLOCATOR);
        if (epoll) {
            // Netty 4.2's epoll channels are level-triggered, so a read batch may stop once the socket is
            // drained (see BatchRecvAllocator).
            return b.option(ChannelOption.RECVBUF_ALLOCATOR, new BatchRecvAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ, 16))
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM);
        }
        return b.option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
    }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    @Override
    public String toString() {
        return epoll ? "epoll" : "nio";
    }

    /**
     * Whether UDP clients get their own connected socket by default: on Linux 6.13 and later, whose UDP stack
     * finds connected sockets by a 4-tuple hash. Earlier kernels scan every socket on the listening port for
     * each datagram, which costs more than the route lookup it saves once there are many clients.
     */
    public static boolean connectedUdpByDefault() {
        return kernelAtLeast(System.getProperty("os.name", ""), System.getProperty("os.version", ""), 6, 13);
    }

    static boolean kernelAtLeast(String os, String version, int major, int minor) {
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(version);
        if (!m.find()) {
            return false;
        }
        int maj = Integer.parseInt(m.group(1));
        int min = Integer.parseInt(m.group(2));
        return maj > major || (maj == major && min >= minor);
    }
}

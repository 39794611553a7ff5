package dev.weft.turn;

import dev.weft.turn.internal.NettyRelaySockets;
import dev.weft.turn.internal.StreamFrontend;
import dev.weft.turn.internal.Transports;
import dev.weft.turn.internal.TurnService;
import dev.weft.turn.internal.UdpFrontend;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A STUN/TURN server (RFC 8489, RFC 8656) on Netty: UDP and TCP on one port, optionally TLS, one UDP relay
 * socket per allocation.
 *
 * <p>Lifecycle: {@link #start()} binds everything and returns once the ports are open; read the actual ports
 * with {@link #udpPort()}, {@link #tcpPort()}, {@link #tlsPort()} (useful with port 0). {@link #close()} ends all
 * allocations, closes the sockets and stops the threads; a closed server cannot be restarted.
 *
 * <p>Threading: all methods are thread-safe. Allocations live on Netty event-loop threads; the admin methods
 * ({@link #allocations()}, {@link #terminate(String)}) run their work on those threads and wait for it.
 *
 * <p>Meters are registered in {@link TurnConfig#meterRegistry()} at start and removed at close.
 */
public final class TurnServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("dev.weft.turn");

    private final TurnConfig config;
    private final List<Channel> channels = new ArrayList<>();
    private EventLoopGroup group;
    private TurnService service;
    private InetAddress relayAddress;
    private int udpPort = -1;
    private int tcpPort = -1;
    private int tlsPort = -1;
    private boolean started;

    public TurnServer(TurnConfig config) {
        this.config = config;
    }

    /** Binds the UDP, TCP (and TLS) listeners. Throws if a port is taken; the server is then closed. */
    public synchronized TurnServer start() throws IOException {
        if (started) {
            throw new IllegalStateException("a TurnServer starts once");
        }
        started = true;
        Transports transports = new Transports(config.nativeTransport());
        relayAddress = resolveRelayAddress();
        group = new MultiThreadIoEventLoopGroup(config.ioThreads(), transports.ioHandlerFactory());
        service = new TurnService(config, relayAddress, new NettyRelaySockets(transports, config.connectedUdp()));
        try {
            bindUdpAndTcp(transports);
            if (config.tlsPort() >= 0) {
                SslContext ssl = SslContextBuilder.forServer(config.tlsCertificate().toFile(),
                        config.tlsPrivateKey().toFile()).build();
                Channel tls = tcpBootstrap(transports, ssl).bind(config.listenHost(), config.tlsPort()).sync().channel();
                channels.add(tls);
                tlsPort = ((InetSocketAddress) tls.localAddress()).getPort();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding", e);
        } catch (Exception e) {
            close();
            throw new IOException("could not start: " + e, e);
        }
        group.next().scheduleAtFixedRate(service::sweep, 1, 1, TimeUnit.SECONDS);
        log.info("TURN server on {} udp/tcp {}{}, relay {} ports {}-{}, {} threads ({})", config.listenHost(), udpPort,
                tlsPort >= 0 ? " tls " + tlsPort : "", relayAddress.getHostAddress(), config.relayPortMin(),
                config.relayPortMax(), config.ioThreads(), transports);
        return this;
    }

    private void bindUdpAndTcp(Transports transports) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < (config.port() == 0 ? 10 : 1); attempt++) {
            List<Channel> bound = new ArrayList<>();
            try {
                int sockets = transports.isEpoll() ? config.ioThreads() : 1;
                int port = config.port();
                for (int i = 0; i < sockets; i++) {
                    Channel ch = udpBootstrap(transports).bind(config.listenHost(), port).sync().channel();
                    bound.add(ch);
                    port = ((InetSocketAddress) ch.localAddress()).getPort();
                }
                bound.add(tcpBootstrap(transports, null).bind(config.listenHost(), port).sync().channel());
                channels.addAll(bound);
                udpPort = port;
                tcpPort = port;
                return;
            } catch (Exception e) {
                last = e;
                for (Channel ch : bound) {
                    ch.close().sync();
                }
            }
        }
        throw last;
    }

    private Bootstrap udpBootstrap(Transports transports) throws IOException {
        Bootstrap b = transports.datagramOptions(new Bootstrap())
                .group(group)
                .channelFactory(transports.datagramFactory(InetAddress.getByName(config.listenHost())))
                .option(ChannelOption.SO_RCVBUF, 4 << 20)
                .option(ChannelOption.SO_SNDBUF, 4 << 20)
                .handler(new UdpFrontend(service));
        if (transports.isEpoll()) {
            b.option(EpollChannelOption.SO_REUSEPORT, true);
        }
        return b;
    }

    private ServerBootstrap tcpBootstrap(Transports transports, SslContext ssl) {
        return new ServerBootstrap()
                .group(group)
                .channel(transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, Transports.ALLOCATOR)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new StreamFrontend(service, ssl != null ? Transport.TLS : Transport.TCP));
                    }
                });
    }

    private InetAddress resolveRelayAddress() throws IOException {
        if (config.relayAddress() != null) {
            return InetAddress.getByName(config.relayAddress());
        }
        InetAddress listen = InetAddress.getByName(config.listenHost());
        if (!listen.isAnyLocalAddress()) {
            return listen;
        }
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                        log.warn("no relay address configured; relaying from {} (set TurnConfig.relayAddress)",
                                a.getHostAddress());
                        return a;
                    }
                }
            }
        } catch (SocketException e) {
            log.warn("could not list network interfaces: {}", e.toString());
        }
        return InetAddress.getLoopbackAddress();
    }

    /** The UDP port (also the TCP port). */
    public synchronized int udpPort() {
        return udpPort;
    }

    public synchronized int tcpPort() {
        return tcpPort;
    }

    /** The TLS port, or -1 when TLS is off. */
    public synchronized int tlsPort() {
        return tlsPort;
    }

    /** The address relay sockets bind to and advertise. */
    public synchronized InetAddress relayAddress() {
        return relayAddress;
    }

    public TurnConfig config() {
        return config;
    }

    /** A snapshot of every allocation; empty before start and after close. */
    public List<AllocationInfo> allocations() {
        TurnService s = serviceOrNull();
        return s == null ? List.of() : s.allocations();
    }

    /** Ends the allocation at once (and closes its TCP/TLS connection); false if there is no such allocation. */
    public boolean terminate(String allocationId) {
        TurnService s = serviceOrNull();
        return s != null && s.terminate(allocationId);
    }

    /** Ends every allocation of a user (the full REST username, or a static user name); returns how many. */
    public int terminateUser(String username) {
        TurnService s = serviceOrNull();
        return s == null ? 0 : s.terminateUser(username);
    }

    private synchronized TurnService serviceOrNull() {
        return service;
    }

    @Override
    public void close() {
        EventLoopGroup g;
        TurnService s;
        synchronized (this) {
            g = group;
            s = service;
            group = null;
            service = null;
        }
        if (s != null) {
            s.close();
        }
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        channels.clear();
        if (g != null) {
            g.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}

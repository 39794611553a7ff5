package dev.weft.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.api.HealthEndpoint;
import dev.weft.node.api.IceServersEndpoint;
import dev.weft.node.classic.ClassicEndpoint;
import dev.weft.node.classic.ClassicHub;
import dev.weft.node.http.ConnectionLimiter;
import dev.weft.node.http.HttpDispatcher;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.NodeChannelInitializer;
import dev.weft.node.http.StaticFiles;
import dev.weft.node.signal.SignalingEndpoint;
import dev.weft.node.signal.SignalingHub;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.node.ws.WebSocketUpgrader;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Weft node: HTTP (apps, weft.js, API) and WebSocket endpoints on one port. Create with
 * {@link #start(NodeConfig)}, stop with {@link #close()}. Thread-safe.
 */
public final class WeftNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WeftNode.class);
    public static final String VERSION = "0.1.0";

    private final NodeConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel server;
    private final SignalingHub signaling;
    private final ClassicHub classic;
    private final ConnectionLimiter connections;
    private final Instant started = Instant.now();

    private WeftNode(NodeConfig config) throws InterruptedException {
        this.config = config;
        this.signaling = new SignalingHub(config.reclaimGrace(), config.heartbeatInterval());
        this.classic = new ClassicHub();
        this.connections = new ConnectionLimiter(config.maxConnections());
        boolean epoll = Epoll.isAvailable();
        this.boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(0, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerSocketChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;

        ObjectMapper json = new ObjectMapper();
        Map<String, WebSocketEndpoint> sockets = new LinkedHashMap<>();
        for (WebSocketEndpoint e : List.of(new SignalingEndpoint(signaling, config), new ClassicEndpoint(classic, config))) {
            sockets.put(e.path(), e);
        }
        Map<String, HttpEndpoint> api = new LinkedHashMap<>();
        api.put("/healthz", new HealthEndpoint(json, body -> {
            body.put("version", VERSION);
            body.put("uptimeSeconds", java.time.Duration.between(started, Instant.now()).toSeconds());
            body.put("connections", connections.open());
            body.put("peers", signaling.size());
            body.put("classicUsers", classic.size());
        }));
        api.put("/api/ice-servers", new IceServersEndpoint(json, config::iceServers));
        StaticFiles files = new StaticFiles(WeftNode.class.getClassLoader());
        WebSocketUpgrader upgrader = new WebSocketUpgrader(config);
        Map<String, WebSocketEndpoint> socketsView = Map.copyOf(sockets);
        Map<String, HttpEndpoint> apiView = Map.copyOf(api);

        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new NodeChannelInitializer(
                        () -> new HttpDispatcher(socketsView, apiView, files, upgrader, connections)));
        try {
            this.server = b.bind(config.host(), config.port()).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
            throw e;
        }
        log.info("Weft node {} listening on http://{}:{} ({})", VERSION, config.host(), port(),
                epoll ? "epoll" : "nio");
    }

    /** Binds and starts serving; throws if the port cannot be bound. */
    public static WeftNode start(NodeConfig config) throws InterruptedException {
        return new WeftNode(config);
    }

    /** The bound TCP port (the real one when the config asked for 0). */
    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public NodeConfig config() {
        return config;
    }

    public SignalingHub signaling() {
        return signaling;
    }

    /** Waits until the server channel closes. */
    public void awaitClose() throws InterruptedException {
        server.closeFuture().sync();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        log.info("Weft node stopped");
    }
}

package dev.weft.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.node.api.AdminAuth;
import dev.weft.node.api.HealthEndpoint;
import dev.weft.node.api.MetricsEndpoint;
import dev.weft.node.api.IceServersEndpoint;
import dev.weft.node.feature.NodeContext;
import dev.weft.node.feature.NodeFeature;
import dev.weft.node.feature.NodeFeatures;
import dev.weft.node.feature.SignalingExtension;
import dev.weft.node.http.ConnectionLimiter;
import dev.weft.node.http.HttpDispatcher;
import dev.weft.node.http.HttpEndpoint;
import dev.weft.node.http.NodeChannelInitializer;
import dev.weft.node.http.Routes;
import dev.weft.node.http.StaticFiles;
import dev.weft.node.signal.SignalingEndpoint;
import dev.weft.node.signal.SignalingHub;
import dev.weft.node.ws.WebSocketEndpoint;
import dev.weft.node.ws.WebSocketUpgrader;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Weft node: HTTP (apps, weft.js, API) and WebSocket endpoints on one port, plus the features in
 * {@link NodeFeatures}. Create with {@link #start(NodeConfig)}, stop with {@link #close()}. Thread-safe.
 */
public final class WeftNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WeftNode.class);
    public static final String VERSION = "0.1.0";

    private final NodeConfig config;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final SignalingHub signaling;
    private final ConnectionLimiter connections;
    private final List<NodeFeature> features = new ArrayList<>();
    private final Instant started = Instant.now();
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Channel server;

    private WeftNode(NodeConfig config) {
        this.config = config;
        this.signaling = new SignalingHub(config.reclaimGrace(), config.heartbeatInterval());
        this.connections = new ConnectionLimiter(config.maxConnections());
        boolean epoll = Epoll.isAvailable();
        this.boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        // One loop per core, not Netty's default of two: with two loops per core they queue behind each other,
        // measured at 10-27 % more CPU per relayed message (docs/benchmarks-load.md).
        this.workers = new MultiThreadIoEventLoopGroup(config.eventLoops(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** Starts every feature, binds and starts serving; throws (after cleaning up) if anything fails. */
    public static WeftNode start(NodeConfig config) throws InterruptedException {
        WeftNode node = new WeftNode(config);
        try {
            node.startAll();
            return node;
        } catch (InterruptedException | RuntimeException e) {
            node.close();
            throw e;
        } catch (Exception e) {
            node.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void startAll() throws Exception {
        ObjectMapper json = new ObjectMapper();
        NodeContext context = new NodeContext(config, signaling, workers, json, metrics);
        for (NodeFeature f : NodeFeatures.create(config)) {
            f.start(context);
            features.add(f);
        }

        Map<String, SignalingExtension> extensions = new HashMap<>();
        Map<String, WebSocketEndpoint> sockets = new LinkedHashMap<>();
        Map<String, HttpEndpoint> api = new LinkedHashMap<>();
        api.put("/healthz", null);
        api.put("/api/ice-servers", null);
        api.put("/metrics", null);
        for (NodeFeature f : features) {
            putAll(extensions, f.signalingTypes(), "message type");
            for (WebSocketEndpoint e : f.webSockets()) {
                if (e.path().equals(dev.weft.protocol.SignalingProtocol.PATH)) {
                    throw new IllegalStateException("WebSocket path " + e.path() + " is the node's own");
                }
                put(sockets, e.path(), e, "WebSocket path");
            }
            putAll(api, f.http(), "HTTP path");
        }
        sockets.put(dev.weft.protocol.SignalingProtocol.PATH, new SignalingEndpoint(signaling, config, extensions));
        api.put("/healthz", new HealthEndpoint(json, body -> {
            body.put("version", VERSION);
            body.put("uptimeSeconds", Duration.between(started, Instant.now()).toSeconds());
            body.put("connections", connections.open());
            body.put("peers", signaling.size());
            features.forEach(f -> f.health(body));
        }, () -> features.stream().allMatch(NodeFeature::healthy)));
        api.put("/api/ice-servers", new IceServersEndpoint(json, this::iceServers));
        api.put("/metrics", new MetricsEndpoint(metrics, new AdminAuth(config.adminToken())));
        metrics.gauge("weft.connections", connections, ConnectionLimiter::open);
        metrics.gauge("weft.peers", signaling, SignalingHub::size);

        StaticFiles files = new StaticFiles(WeftNode.class.getClassLoader());
        WebSocketUpgrader upgrader = new WebSocketUpgrader(config);
        Map<String, WebSocketEndpoint> socketsView = Map.copyOf(sockets);
        Routes routes = new Routes(api);
        boolean epoll = Epoll.isAvailable();
        Class<? extends ServerSocketChannel> channelType =
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                .childHandler(new NodeChannelInitializer(
                        () -> new HttpDispatcher(socketsView, routes, files, upgrader, connections)));
        server = b.bind(config.host(), config.port()).sync().channel();
        log.info("Weft node {} listening on http://{}:{} ({}, features: {})", VERSION, config.host(), port(),
                epoll ? "epoll" : "nio", features.stream().map(f -> f.getClass().getSimpleName()).toList());
    }

    private static <V> void putAll(Map<String, V> into, Map<String, V> from, String what) {
        from.forEach((k, v) -> put(into, k, v, what));
    }

    private static <V> void put(Map<String, V> into, String key, V value, String what) {
        if (into.containsKey(key)) {
            throw new IllegalStateException(what + " " + key + " is claimed twice");
        }
        into.put(key, value);
    }

    /**
     * The ICE servers handed to a client that reached the node as {@code host}: the configured ones, then those
     * features offer (e.g. the built-in TURN with fresh credentials).
     */
    public List<IceServer> iceServers(String host) {
        List<IceServer> all = new ArrayList<>(config.iceServers());
        features.forEach(f -> all.addAll(f.iceServers(host)));
        return all;
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

    /** The running feature of a type, if any (for tests and admin tools). */
    public <T extends NodeFeature> java.util.Optional<T> feature(Class<T> type) {
        return features.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** Waits until the server channel closes. */
    public void awaitClose() throws InterruptedException {
        if (server != null) {
            server.closeFuture().sync();
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        for (int i = features.size() - 1; i >= 0; i--) {
            try {
                features.get(i).close();
            } catch (RuntimeException e) {
                log.warn("feature {} failed to close: {}", features.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        metrics.close();
        log.info("Weft node stopped");
    }
}

package dev.weft.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The generator's Netty WebSocket clients: one event loop group (epoll when available), sockets bound to
 * several 127.0.0.x source addresses so 100,000 sockets do not run out of ephemeral ports.
 */
final class Clients implements AutoCloseable {
    final EventLoopGroup group;
    private final List<String> sources;
    private final boolean epoll = Epoll.isAvailable();
    private int next;

    Clients(int threads, int sourceCount) {
        this(threads, sourceCount, false);
    }

    /**
     * With {@code busyPoll} (epoll only) the event loops never sleep in {@code epoll_wait}: they poll with a zero
     * timeout, so a reply is picked up without a scheduler wake-up of the generator's thread. Each loop then
     * uses a whole core.
     */
    Clients(int threads, int sourceCount, boolean busyPoll) {
        this.group = new MultiThreadIoEventLoopGroup(threads, !epoll ? NioIoHandler.newFactory()
                : busyPoll ? EpollIoHandler.newFactory(0, () -> (selectNow, hasTasks) -> selectNow.get())
                : EpollIoHandler.newFactory());
        this.sources = java.util.stream.IntStream.range(0, Math.max(1, sourceCount))
                .mapToObj(i -> sourceCount <= 0 ? "127.0.0.1" : "127.0.0." + (10 + i)).toList();
    }

    /** Connects {@code conn} to {@code base} (ws://host:port) on {@code loop}; completes when registered. */
    CompletableFuture<Conn> connect(URI base, Conn conn, EventLoop loop) {
        URI uri = URI.create(base.toString() + conn.protocol.path(conn.id));
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .customHeaders(new DefaultHttpHeaders())
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(30_000)
                .forceCloseTimeoutMillis(5_000)
                .dropPongFrames(true)
                // The generator reads only the send time out of a frame; Netty's byte-at-a-time UTF-8 check
                // would cost it ~0.5 µs per 200 B frame (weft-bench/results/jmh-utf8.txt) on its one core.
                .withUTF8Validator(false)
                .build();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config), conn);
                    }
                });
        String source = sources.get(Math.floorMod(next++, sources.size()));
        b.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), new InetSocketAddress(source, 0))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        conn.registeredFuture.completeExceptionally(f.cause());
                    }
                });
        return conn.registeredFuture;
    }

    /** The next event loop, round robin. */
    EventLoop loop() {
        return group.next();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

package dev.weft.node.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.function.Supplier;

/** The pipeline of every accepted TCP connection: HTTP/1.1 codec with size limits, then the dispatcher. */
public final class NodeChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** Request line, header block and body limits for plain HTTP requests. */
    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_SIZE = 8192;
    static final int MAX_BODY = 64 * 1024;

    private final Supplier<HttpDispatcher> dispatchers;

    public NodeChannelInitializer(Supplier<HttpDispatcher> dispatchers) {
        this.dispatchers = dispatchers;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192))
                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY))
                .addLast("dispatcher", dispatchers.get());
    }
}

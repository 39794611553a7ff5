package dev.weft.turn.internal;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Relay sockets as EmbeddedChannels, kept by port: the test plays the peers. */
final class FakeRelaySockets implements RelaySockets {
    final Map<Integer, EmbeddedChannel> byPort = new LinkedHashMap<>();
    /** Ports that fail to bind, as if another process held them. */
    final Set<Integer> taken = new HashSet<>();

    @Override
    public ChannelFuture open(EventLoop loop, InetSocketAddress local, ChannelHandler handler) {
        EmbeddedChannel ch = new EmbeddedChannel(handler);
        if (taken.contains(local.getPort())) {
            ch.close();
            return ch.newFailedFuture(new java.net.BindException("port " + local.getPort() + " in use"));
        }
        byPort.put(local.getPort(), ch);
        return ch.newSucceededFuture();
    }

    EmbeddedChannel relay(int port) {
        EmbeddedChannel ch = byPort.get(port);
        if (ch == null) {
            throw new AssertionError("no relay socket on port " + port + "; have " + byPort.keySet());
        }
        return ch;
    }
}

package dev.weft.turn.internal;

import dev.weft.turn.FiveTuple;
import dev.weft.turn.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** A UDP client: datagrams to {@code client} through the listening channel that heard from it. */
final class UdpLink implements ClientLink {
    private final Channel channel;
    private final InetSocketAddress client;
    private final FiveTuple fiveTuple;

    UdpLink(Channel channel, InetSocketAddress client, InetSocketAddress server) {
        this.channel = channel;
        this.client = client;
        this.fiveTuple = new FiveTuple(Transport.UDP, client, server);
    }

    @Override
    public Object key() {
        return client;
    }

    @Override
    public FiveTuple fiveTuple() {
        return fiveTuple;
    }

    @Override
    public void write(ByteBuf buf) {
        channel.write(new DatagramPacket(buf, client), channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    @Override
    public void close() {
        // UDP has no connection to end.
    }
}

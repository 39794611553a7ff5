package dev.weft.turn.internal;

import dev.weft.turn.FiveTuple;
import dev.weft.turn.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * A UDP client: datagrams to {@code client} through the listening channel that heard from it, or, once its
 * allocation exists and the platform allows, through a socket connected to it ({@link #useConnected}).
 */
final class UdpLink extends ChannelLink {
    private final InetSocketAddress client;
    private final Channel listener;
    private boolean connected;

    UdpLink(Channel channel, InetSocketAddress client, InetSocketAddress server) {
        super(channel, new FiveTuple(Transport.UDP, client, server));
        this.client = client;
        this.listener = channel;
    }

    @Override
    public Object key() {
        return client;
    }

    @Override
    public void write(ByteBuf buf) {
        if (connected) {
            channel.write(buf, channel.voidPromise());
        } else {
            channel.write(new DatagramPacket(buf, client), channel.voidPromise());
        }
    }

    /** From now on writes go through {@code socket}, connected to this client on the listening address. */
    void useConnected(Channel socket) {
        listener.flush();
        channel = socket;
        connected = true;
        socket.closeFuture().addListener(f -> {
            if (channel == socket) {
                channel = listener;
                connected = false;
            }
        });
    }

    /** True when writes go through another channel than {@code reading}, which will not flush them. */
    boolean writesElsewhere(Channel reading) {
        return channel != reading;
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public void close() {
        // UDP has no connection to end.
    }

    @Override
    public void allocationEnded() {
        if (connected) {
            Channel socket = channel;
            channel = listener;
            connected = false;
            socket.close();
        }
    }
}

package dev.weft.turn.internal;

import dev.weft.turn.FiveTuple;
import dev.weft.turn.Transport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/** A UDP client: datagrams to {@code client} through the listening channel that heard from it. */
final class UdpLink extends ChannelLink {
    private final InetSocketAddress client;

    UdpLink(Channel channel, InetSocketAddress client, InetSocketAddress server) {
        super(channel, new FiveTuple(Transport.UDP, client, server));
        this.client = client;
    }

    @Override
    public Object key() {
        return client;
    }

    @Override
    public void write(ByteBuf buf) {
        channel.write(new DatagramPacket(buf, client), channel.voidPromise());
    }

    @Override
    public boolean isStream() {
        return false;
    }

    @Override
    public void close() {
        // UDP has no connection to end.
    }
}

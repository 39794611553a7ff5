package dev.weft.turn.internal;

import dev.weft.turn.FiveTuple;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/** A TCP or TLS client connection. */
final class StreamLink extends ChannelLink {
    StreamLink(Channel channel, FiveTuple fiveTuple) {
        super(channel, fiveTuple);
    }

    @Override
    public Object key() {
        return this;
    }

    @Override
    public void write(ByteBuf buf) {
        channel.write(buf, channel.voidPromise());
    }

    @Override
    public boolean isStream() {
        return true;
    }

    @Override
    public void close() {
        channel.close();
    }
}

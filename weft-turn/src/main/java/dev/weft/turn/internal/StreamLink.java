package dev.weft.turn.internal;

import dev.weft.turn.FiveTuple;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/** A TCP or TLS client connection. */
final class StreamLink implements ClientLink {
    private final Channel channel;
    private final FiveTuple fiveTuple;

    StreamLink(Channel channel, FiveTuple fiveTuple) {
        this.channel = channel;
        this.fiveTuple = fiveTuple;
    }

    @Override
    public Object key() {
        return this;
    }

    @Override
    public FiveTuple fiveTuple() {
        return fiveTuple;
    }

    @Override
    public void write(ByteBuf buf) {
        channel.write(buf, channel.voidPromise());
    }

    @Override
    public void flush() {
        channel.flush();
    }

    @Override
    public boolean isStream() {
        return true;
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
        channel.close();
    }
}

package dev.weft.turn.internal;

import dev.weft.turn.FiveTuple;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

/** What every {@link ClientLink} does the same way: its 5-tuple, and flushing, writability and threads of its channel. */
abstract class ChannelLink implements ClientLink {
    protected Channel channel;
    private final FiveTuple fiveTuple;

    ChannelLink(Channel channel, FiveTuple fiveTuple) {
        this.channel = channel;
        this.fiveTuple = fiveTuple;
    }

    @Override
    public final FiveTuple fiveTuple() {
        return fiveTuple;
    }

    @Override
    public final void flush() {
        channel.flush();
    }

    @Override
    public final boolean isWritable() {
        return channel.isWritable();
    }

    @Override
    public final ByteBufAllocator alloc() {
        return channel.alloc();
    }

    @Override
    public final EventLoop eventLoop() {
        return channel.eventLoop();
    }
}

package dev.weft.turn.internal;

import dev.weft.turn.FiveTuple;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;

/** How the server reaches one client: a UDP address behind the listening socket, or a TCP/TLS connection. */
public interface ClientLink {
    FiveTuple fiveTuple();

    /**
     * The key that finds this client's allocation: the client address for UDP (one listening socket, so the
     * address is the 5-tuple), the link itself for a connection.
     */
    Object key();

    /** Queues {@code buf} (ownership passes) without flushing. */
    void write(ByteBuf buf);

    void flush();

    /** True for TCP and TLS: ChannelData must be padded to four bytes (RFC 8656 Section 12.5). */
    boolean isStream();

    /** True while the client can be written to without queueing without bound. */
    boolean isWritable();

    ByteBufAllocator alloc();

    EventLoop eventLoop();

    /** Ends the link (closes a TCP/TLS connection; nothing for UDP). */
    void close();

    /** The allocation on this link was deleted: release what the link holds for it (a UDP link's socket). */
    default void allocationEnded() {
    }
}

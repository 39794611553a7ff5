package dev.weft.node.signal;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Relayed frames are written without a flush; the channels written to are flushed once when the sender's read
 * burst ends ({@code channelReadComplete}). A sender whose socket delivered eight messages in one read costs the
 * receiver one {@code write} system call instead of eight. One list per event-loop thread; flush order after
 * the writes is kept because both are queued from the same thread.
 */
final class PendingFlushes {
    /** Past this many distinct targets in one burst, flush at once rather than grow. */
    private static final int MAX = 64;
    private static final FastThreadLocal<PendingFlushes> CURRENT = new FastThreadLocal<>() {
        @Override
        protected PendingFlushes initialValue() {
            return new PendingFlushes();
        }
    };

    private final Channel[] channels = new Channel[MAX];
    private int n;

    static PendingFlushes current() {
        return CURRENT.get();
    }

    /** Remembers that {@code ch} has an unflushed write. */
    void add(Channel ch) {
        for (int i = n - 1; i >= 0; i--) {
            if (channels[i] == ch) {
                return;
            }
        }
        if (n == MAX) {
            flush();
        }
        channels[n++] = ch;
    }

    /** Flushes every remembered channel. */
    void flush() {
        for (int i = 0; i < n; i++) {
            channels[i].flush();
            channels[i] = null;
        }
        n = 0;
    }
}

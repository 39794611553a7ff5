package dev.weft.node.ws;

import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;

/**
 * Relayed frames written during a read burst are not flushed one by one: the channels written to are flushed
 * once when the sender's read burst ends ({@code channelReadComplete}). A sender whose socket delivered eight
 * messages in one read costs the receiver one {@code write} system call instead of eight. One instance per
 * event-loop thread; flush order after the writes is kept because both are queued from the same thread.
 *
 * <p>A handler marks its burst with {@link #begin()} (in {@code channelRead}) and {@link #end()} (in
 * {@code channelReadComplete}); {@link #write} outside a burst (a timer, a cluster callback) flushes at once, so
 * a frame is never left waiting for a read that does not come.
 */
public final class PendingFlushes {
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
    private boolean inBurst;

    public static PendingFlushes current() {
        return CURRENT.get();
    }

    /** A read burst starts on this thread: writes through {@link #write} wait for {@link #end()}. */
    public void begin() {
        inBurst = true;
    }

    /** The read burst ended: flushes every channel written to. */
    public void end() {
        inBurst = false;
        flush();
    }

    /** Writes {@code msg} to {@code ch}; flushed at the end of the current read burst, or now if there is none. */
    public void write(Channel ch, Object msg) {
        if (inBurst) {
            ch.write(msg, ch.voidPromise());
            add(ch);
        } else {
            ch.writeAndFlush(msg, ch.voidPromise());
        }
    }

    private void add(Channel ch) {
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

    private void flush() {
        for (int i = 0; i < n; i++) {
            channels[i].flush();
            channels[i] = null;
        }
        n = 0;
    }
}
